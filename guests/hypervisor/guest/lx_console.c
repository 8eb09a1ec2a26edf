/* Small kernel: console output for the workload's write(1/2) and the kernel's
 * own messages. Bytes go out through arch_console_write (the UART natively,
 * PV_FN_CONSOLE_WRITE in the PV build) in chunks from a kernel buffer, with
 * '\n' expanded to "\r\n" as Linux's serial console does (termios ONLCR), so
 * every mode emits the same bytes. */
#include <stdarg.h>
#include "arch.h"
#include "fmt.h"

struct out_buf { char buf[128]; unsigned len; };

static void out_flush(struct out_buf *b)
{
  if (b->len > 0) arch_console_write(b->buf, b->len);
  b->len = 0;
}

static void out_put(struct out_buf *b, char c)
{
  if (b->len + 2 > sizeof(b->buf)) out_flush(b);
  if (c == '\n') b->buf[b->len++] = '\r';
  b->buf[b->len++] = c;
}

void lx_console_write(const char *s, size_t n)
{
  struct out_buf b = { .len = 0 };
  for (size_t i = 0; i < n; i++) out_put(&b, s[i]);
  out_flush(&b);
}

static void out_sink(void *ctx, char c)
{
  out_put(ctx, c);
}

int lx_printf(const char *fmt, ...)
{
  struct out_buf b = { .len = 0 };
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vformat(out_sink, &b, fmt, ap);
  va_end(ap);
  out_flush(&b);
  return n;
}
