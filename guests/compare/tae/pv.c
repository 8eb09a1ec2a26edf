/* Trap-and-emulate hypervisor (tae): the paravirtual interface
 * (guests/compare/include/pv.h). Placeholder until implemented. */
#include "tae.h"
#include "pv.h"

void pv_hypercall(struct vcpu *v)
{
  v->r.x[10] = (uint64_t)-2;      /* SBI_ERR_NOT_SUPPORTED */
}

void pv_deliver(struct vcpu *v, uint64_t cause, uint64_t tval)
{
  (void)v;
  tae_panic("pv delivery of cause 0x%lx (tval 0x%lx) not implemented", cause, tval);
}
