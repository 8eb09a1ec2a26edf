/* Reference hypervisor: a small printf-style formatter shared by the
 * hypervisor and the guest kernel (common/fmt.c); each side supplies its own
 * character sink. Conversions: %d %i %u %x %X %p %s %c %%, flags '0' and '-',
 * a field width, and the length modifiers l, ll, z. */
#ifndef HV_REF_FMT_H
#define HV_REF_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_sink_fn)(void *ctx, char c);

/* Format into the sink; returns the number of characters produced. */
int fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap);

/* Format into buf (always NUL-terminated when size > 0); returns the length
 * the full output would have. */
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

#endif
