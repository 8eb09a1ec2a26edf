/**
 * The switch of the wasm tier, read in one place: HYPERSTEP_TIER=wasm forces it on for
 * all code (every cached block is compiled to wasm on its first run when it can be;
 * the unit suite runs this way), HYPERSTEP_TIER=js turns it off (JS tiers only);
 * unset, hot code moves up to wasm at the JS tiers' thresholds (engine.ts). Tests set
 * BlockCache.setTier directly.
 */
const env = typeof process !== 'undefined' ? process.env.HYPERSTEP_TIER : undefined;

/** Tier modes of a block cache (BlockCache.tier). */
export const Tier = { Js: 0, Auto: 1, Wasm: 2 } as const;

/** The default mode of new block caches. */
export const defaultTier: number = env === 'js' ? Tier.Js : env === 'wasm' ? Tier.Wasm : Tier.Auto;
