/* Reference hypervisor: printf-style formatting (include/fmt.h), compiled
 * into both the hypervisor and the guest kernels. Freestanding: no libc. */
#include "fmt.h"
#include <stdint.h>

struct spec {
  int width;
  char pad;      /* ' ' or '0' */
  int left;      /* '-' flag */
};

static int emit(fmt_sink_fn sink, void *ctx, char c)
{
  sink(ctx, c);
  return 1;
}

static int emit_padded(fmt_sink_fn sink, void *ctx, const char *s, int len,
                       const struct spec *sp)
{
  int n = 0;
  int fill = sp->width > len ? sp->width - len : 0;
  if (!sp->left) {
    /* A '-' sign goes before zero padding. */
    if (sp->pad == '0' && len > 0 && s[0] == '-') {
      n += emit(sink, ctx, '-');
      s++;
      len--;
    }
    while (fill-- > 0) n += emit(sink, ctx, sp->pad);
  }
  for (int i = 0; i < len; i++) n += emit(sink, ctx, s[i]);
  if (sp->left) while (fill-- > 0) n += emit(sink, ctx, ' ');
  return n;
}

static int format_unsigned(char *out, uint64_t v, unsigned base, int upper)
{
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = digits[v % base];
    v /= base;
  } while (v != 0);
  for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}

int fmt_vformat(fmt_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
  int n = 0;
  char buf[24];
  for (const char *p = fmt; *p != '\0'; p++) {
    if (*p != '%') {
      n += emit(sink, ctx, *p);
      continue;
    }
    struct spec sp = { 0, ' ', 0 };
    p++;
    for (;; p++) {
      if (*p == '0') sp.pad = '0';
      else if (*p == '-') sp.left = 1;
      else break;
    }
    while (*p >= '0' && *p <= '9') sp.width = sp.width * 10 + (*p++ - '0');
    int lng = 0;
    while (*p == 'l' || *p == 'z') {
      lng = 1;
      p++;
    }
    switch (*p) {
    case 'd':
    case 'i': {
      int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
      int len = 0;
      uint64_t mag = (uint64_t)v;
      if (v < 0) {
        buf[len++] = '-';
        mag = -mag;
      }
      len += format_unsigned(buf + len, mag, 10, 0);
      n += emit_padded(sink, ctx, buf, len, &sp);
      break;
    }
    case 'u':
    case 'x':
    case 'X': {
      uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
      int len = format_unsigned(buf, v, *p == 'u' ? 10 : 16, *p == 'X');
      n += emit_padded(sink, ctx, buf, len, &sp);
      break;
    }
    case 'p': {
      uint64_t v = (uint64_t)(uintptr_t)va_arg(ap, void *);
      buf[0] = '0';
      buf[1] = 'x';
      int len = 2 + format_unsigned(buf + 2, v, 16, 0);
      n += emit_padded(sink, ctx, buf, len, &sp);
      break;
    }
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == NULL) s = "(null)";
      int len = 0;
      while (s[len] != '\0') len++;
      n += emit_padded(sink, ctx, s, len, &sp);
      break;
    }
    case 'c':
      buf[0] = (char)va_arg(ap, int);
      n += emit_padded(sink, ctx, buf, 1, &sp);
      break;
    case '%':
      n += emit(sink, ctx, '%');
      break;
    case '\0':
      return n;
    default:
      n += emit(sink, ctx, '%');
      n += emit(sink, ctx, *p);
      break;
    }
  }
  return n;
}

struct buf_ctx { char *buf; size_t size; size_t len; };

static void buf_sink(void *ctx, char c)
{
  struct buf_ctx *b = ctx;
  if (b->len + 1 < b->size) b->buf[b->len] = c;
  b->len++;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
  struct buf_ctx b = { buf, size, 0 };
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vformat(buf_sink, &b, fmt, ap);
  va_end(ap);
  if (size > 0) buf[b.len < size ? b.len : size - 1] = '\0';
  return n;
}
