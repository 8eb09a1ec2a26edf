/**
 * The complete RV64GC instruction set as one list of descriptions, plus the record
 * of helper functions that the generated code may call (each bound under its own name).
 */
import type { InsnDef } from './types';
import { rv64i } from './rv64i';
import { rv64m, rv64mLib } from './rv64m';
import { rv64a, rv64aLib } from './rv64a';
import { rv64fd, rv64fdLib } from './rv64fd';
import { zicsr, zicsrLib } from './zicsr';
import { privileged, privilegedLib } from './privileged';
import { zicbo, zicboLib } from './zicbo';
import { zb, zbLib } from './zb';
import { zicond, zihintpause } from './zicond';
import { hypervisor, hypervisorLib } from './hypervisor';
import { markers } from './markers';
import { buildDecoder } from './disasm';

export const allInsns: InsnDef[] = [...rv64i, ...rv64m, ...rv64a, ...rv64fd, ...zicsr, ...privileged, ...zicbo, ...zb, ...zicond, ...zihintpause, ...hypervisor, ...markers];

/** Functions and objects visible to generated code, by name. */
export const codegenLib: Record<string, unknown> = {
  ...rv64mLib, ...rv64aLib, ...rv64fdLib, ...zicsrLib, ...privilegedLib, ...zicboLib, ...zbLib, ...hypervisorLib,
};

export const decode = buildDecoder(allInsns);
