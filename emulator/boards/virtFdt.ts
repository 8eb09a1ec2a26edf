/**
 * Device tree of the QEMU-virt-compatible board.
 *
 * Node names, compatibles and properties follow what QEMU 7.2's `virt` machine
 * generates (hw/riscv/virt.c, checked against `-M virt,dumpdtb=`), restricted to the
 * devices we emulate, so that OpenSBI (UART, CLINT, PLIC, syscon/test reset, harts),
 * U-Boot qemu-riscv64_smode (serial, virtio, memory) and Linux find them. Bindings:
 * Linux Documentation/devicetree/bindings: riscv/cpus.yaml, interrupt-controller/
 * riscv,cpu-intc.yaml and sifive,plic-1.0.0.yaml, timer/sifive,clint.yaml,
 * serial/8250.yaml, rtc/google,goldfish-rtc, virtio/mmio.yaml, power/reset/
 * syscon-poweroff.yaml and syscon-reboot.yaml; /chosen per Devicetree Spec v0.4 3.6.
 *
 * buildSpikeFdt describes the spike-like board (HTIF console, CLINT) instead.
 *
 * Differences from QEMU: no fw-cfg, flash, PCIe, platform-bus or pmu nodes, a
 * /chosen/rng-seed from the machine's seeded PRNG (determinism), and cpu interrupt controllers carry `#address-cells = <0>`
 * so that `dtc` checks pass without warnings.
 */
import {
  SPIKE_CLINT,
  SPIKE_CLINT_SIZE,
  TIMEBASE_FREQUENCY,
  VIRT_CLINT,
  VIRT_CLINT_SIZE,
  VIRT_PLIC,
  VIRT_PLIC_NDEV,
  VIRT_PLIC_SIZE,
  VIRT_RTC,
  VIRT_RTC_IRQ,
  VIRT_RTC_SIZE,
  VIRT_TEST,
  VIRT_TEST_SIZE,
  VIRT_UART0,
  VIRT_UART0_CLOCK,
  VIRT_UART0_IRQ,
  VIRT_UART0_SIZE,
  VIRT_VIRTIO_COUNT,
  VIRT_VIRTIO_IRQ,
  VIRT_VIRTIO_SIZE,
  virtVirtioBase,
} from '../bus/memoryMap';
import { FINISHER_PASS, FINISHER_RESET } from '../devices/sifiveTest';
import { FdtNode, type FdtTree, type FdtWriteOptions, PhandleAllocator, writeFdt } from './fdt';

export interface VirtFdtConfig {
  harts: number;
  ramBase: number;
  ramSize: number;
  /** riscv,isa string, e.g. 'rv64imafdc_zicntr_zicsr_zifencei'. */
  isa: string;
  /** Extension names for riscv,isa-base + riscv,isa-extensions (omitted when absent). */
  isaExtensions?: readonly string[];
  mmuType: 'riscv,sv39' | 'riscv,sv48' | 'riscv,sv57' | 'riscv,none';
  /** Cache-block size for riscv,cbom-block-size / riscv,cboz-block-size (when Zicbom/Zicboz). */
  cboBlockSize?: number;
  /** /chosen/rng-seed bytes (Linux credits them to its crng: 32 bytes initialise it). */
  rngSeed?: Uint8Array;
  bootargs?: string;
  /** Number of virtio-mmio slots to describe (0..8). */
  virtioSlots: number;
  /** Initial ramdisk location, [start, end) physical addresses. */
  initrd?: { start: number; end: number };
}

/** Path of the console UART, as used by stdout-path. */
export const VIRT_STDOUT_PATH = `/soc/serial@${VIRT_UART0.toString(16)}`;

const hex = (n: number): string => n.toString(16);

/** Options shared by the virt and spike trees. */
export type BaseFdtConfig = Omit<VirtFdtConfig, 'virtioSlots'>;

function addChosen(root: FdtNode, cfg: BaseFdtConfig, stdoutPath: string | null): void {
  const chosen = root.addChild('chosen');
  if (cfg.bootargs !== undefined) chosen.setString('bootargs', cfg.bootargs);
  if (stdoutPath !== null) chosen.setString('stdout-path', stdoutPath);
  if (cfg.initrd) {
    // One cell each below 4 GiB, as QEMU writes them; Linux reads either width.
    if (cfg.initrd.end <= 0xffffffff) {
      chosen.setU32('linux,initrd-start', cfg.initrd.start);
      chosen.setU32('linux,initrd-end', cfg.initrd.end);
    } else {
      chosen.setU64('linux,initrd-start', cfg.initrd.start);
      chosen.setU64('linux,initrd-end', cfg.initrd.end);
    }
  }
  if (cfg.rngSeed !== undefined) chosen.setBytes('rng-seed', cfg.rngSeed);
}

function addMemory(root: FdtNode, cfg: BaseFdtConfig): void {
  const mem = root.addChild(`memory@${hex(cfg.ramBase)}`);
  mem.setString('device_type', 'memory');
  mem.setReg([[cfg.ramBase, cfg.ramSize]]);
}

/** /cpus with one cpu@N per hart and its riscv,cpu-intc; returns the intc phandles. */
function addCpus(root: FdtNode, cfg: BaseFdtConfig, ph: PhandleAllocator): number[] {
  if (cfg.harts < 1) throw new RangeError('device tree needs at least one hart');
  const cpus = root.addChild('cpus');
  cpus.setU32('#address-cells', 1).setU32('#size-cells', 0);
  cpus.setU32('timebase-frequency', TIMEBASE_FREQUENCY);
  const cpuPh: number[] = [];
  const intcPh: number[] = [];
  for (let h = 0; h < cfg.harts; h++) {
    const cpu = cpus.addChild(`cpu@${hex(h)}`);
    cpuPh.push(ph.assign(cpu));
    cpu.setString('device_type', 'cpu');
    cpu.setU32('reg', h);
    cpu.setString('status', 'okay');
    cpu.setString('compatible', 'riscv');
    cpu.setString('riscv,isa', cfg.isa);
    if (cfg.isaExtensions !== undefined) {
      cpu.setString('riscv,isa-base', 'rv64i');
      cpu.setStrings('riscv,isa-extensions', [...cfg.isaExtensions]);
    }
    if (cfg.cboBlockSize !== undefined && cfg.isaExtensions?.includes('zicbom')) cpu.setU32('riscv,cbom-block-size', cfg.cboBlockSize);
    if (cfg.cboBlockSize !== undefined && cfg.isaExtensions?.includes('zicboz')) cpu.setU32('riscv,cboz-block-size', cfg.cboBlockSize);
    cpu.setString('mmu-type', cfg.mmuType);
    const intc = cpu.addChild('interrupt-controller');
    intc.setU32('#address-cells', 0);
    intc.setU32('#interrupt-cells', 1);
    intc.setEmpty('interrupt-controller');
    intc.setString('compatible', 'riscv,cpu-intc');
    intcPh.push(ph.assign(intc));
  }
  const cluster = cpus.addChild('cpu-map').addChild('cluster0');
  for (let h = 0; h < cfg.harts; h++) cluster.addChild(`core${h}`).setU32('cpu', cpuPh[h]);
  return intcPh;
}

function addSoc(root: FdtNode, compatible: string[]): FdtNode {
  const soc = root.addChild('soc');
  soc.setU32('#address-cells', 2).setU32('#size-cells', 2);
  soc.setStrings('compatible', compatible);
  soc.setEmpty('ranges');
  return soc;
}

function addClint(soc: FdtNode, base: number, size: number, intcPh: number[], compatible: string[]): void {
  const clint = soc.addChild(`clint@${hex(base)}`);
  clint.setStrings('compatible', compatible);
  clint.setReg([[base, size]]);
  const irqs: number[] = [];
  for (const p of intcPh) irqs.push(p, 3, p, 7); // MSIP, MTIP
  clint.setCells('interrupts-extended', irqs);
}

/** Build the virt device tree as an editable tree. */
export function buildVirtFdtTree(cfg: VirtFdtConfig): FdtTree {
  const ph = new PhandleAllocator();
  const root = new FdtNode('');
  root.setU32('#address-cells', 2).setU32('#size-cells', 2);
  root.setString('compatible', 'riscv-virtio').setString('model', 'riscv-virtio,qemu');
  addChosen(root, cfg, VIRT_STDOUT_PATH);
  addMemory(root, cfg);
  const intcPh = addCpus(root, cfg, ph);

  // /soc
  const soc = addSoc(root, ['simple-bus']);

  const plic = soc.addChild(`plic@${hex(VIRT_PLIC)}`);
  const plicPh = ph.assign(plic);
  plic.setU32('#address-cells', 0);
  plic.setU32('#interrupt-cells', 1);
  plic.setStrings('compatible', ['sifive,plic-1.0.0', 'riscv,plic0']);
  plic.setEmpty('interrupt-controller');
  const plicIrqs: number[] = [];
  for (let h = 0; h < cfg.harts; h++) plicIrqs.push(intcPh[h], 11, intcPh[h], 9); // MEIP, SEIP
  plic.setCells('interrupts-extended', plicIrqs);
  plic.setReg([[VIRT_PLIC, VIRT_PLIC_SIZE]]);
  plic.setU32('riscv,ndev', VIRT_PLIC_NDEV);

  addClint(soc, VIRT_CLINT, VIRT_CLINT_SIZE, intcPh, ['sifive,clint0', 'riscv,clint0']);

  const test = soc.addChild(`test@${hex(VIRT_TEST)}`);
  const testPh = ph.assign(test);
  test.setStrings('compatible', ['sifive,test1', 'sifive,test0', 'syscon']);
  test.setReg([[VIRT_TEST, VIRT_TEST_SIZE]]);

  const rtc = soc.addChild(`rtc@${hex(VIRT_RTC)}`);
  rtc.setString('compatible', 'google,goldfish-rtc');
  rtc.setReg([[VIRT_RTC, VIRT_RTC_SIZE]]);
  rtc.setU32('interrupt-parent', plicPh);
  rtc.setU32('interrupts', VIRT_RTC_IRQ);

  const uart = soc.addChild(`serial@${hex(VIRT_UART0)}`);
  uart.setString('compatible', 'ns16550a');
  uart.setReg([[VIRT_UART0, VIRT_UART0_SIZE]]);
  uart.setU32('clock-frequency', VIRT_UART0_CLOCK);
  uart.setU32('interrupt-parent', plicPh);
  uart.setU32('interrupts', VIRT_UART0_IRQ);

  // QEMU lists the transports from the highest slot down; Linux probes in this order.
  const slots = Math.max(0, Math.min(cfg.virtioSlots, VIRT_VIRTIO_COUNT));
  for (let i = slots - 1; i >= 0; i--) {
    const base = virtVirtioBase(i);
    const v = soc.addChild(`virtio_mmio@${hex(base)}`);
    v.setString('compatible', 'virtio,mmio');
    v.setReg([[base, VIRT_VIRTIO_SIZE]]);
    v.setU32('interrupt-parent', plicPh);
    v.setU32('interrupts', VIRT_VIRTIO_IRQ + i);
  }

  // syscon poweroff/reboot through the test finisher, as QEMU does.
  const poweroff = root.addChild('poweroff');
  poweroff.setString('compatible', 'syscon-poweroff');
  poweroff.setU32('regmap', testPh).setU32('offset', 0).setU32('value', FINISHER_PASS);
  const reboot = root.addChild('reboot');
  reboot.setString('compatible', 'syscon-reboot');
  reboot.setU32('regmap', testPh).setU32('offset', 0).setU32('value', FINISHER_RESET);

  return { root, reservations: [], bootCpuid: 0 };
}

/** Build and serialize the virt device tree. */
export function buildVirtFdt(cfg: VirtFdtConfig, opts: FdtWriteOptions = {}): Uint8Array {
  return writeFdt(buildVirtFdtTree(cfg), opts);
}

/**
 * Device tree of the spike-like board (as Spike's generated tree: riscv/dts.cc):
 * cpus, memory, a "riscv,clint0" CLINT and an "ucb,htif0" node, which OpenSBI uses for
 * its console and system reset. No PLIC, UART or virtio.
 */
export function buildSpikeFdtTree(cfg: BaseFdtConfig): FdtTree {
  const ph = new PhandleAllocator();
  const root = new FdtNode('');
  root.setU32('#address-cells', 2).setU32('#size-cells', 2);
  root.setString('compatible', 'ucb,spike-bare-dev').setString('model', 'ucb,spike-bare');
  addChosen(root, cfg, null);
  addMemory(root, cfg);
  const intcPh = addCpus(root, cfg, ph);
  const soc = addSoc(root, ['ucb,spike-bare-soc', 'simple-bus']);
  addClint(soc, SPIKE_CLINT, SPIKE_CLINT_SIZE, intcPh, ['riscv,clint0']);
  root.addChild('htif').setString('compatible', 'ucb,htif0');
  return { root, reservations: [], bootCpuid: 0 };
}

/** Build and serialize the spike device tree. */
export function buildSpikeFdt(cfg: BaseFdtConfig, opts: FdtWriteOptions = {}): Uint8Array {
  return writeFdt(buildSpikeFdtTree(cfg), opts);
}
