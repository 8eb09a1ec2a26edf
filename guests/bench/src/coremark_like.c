/* coremark_like: a CoreMark-style mixed integer workload, written for HyperStep
 * from the published description of such benchmarks (it shares no code with
 * EEMBC CoreMark and its scores are not comparable). Every iteration runs
 *   - linked-list processing: find values, reverse the list, merge-sort it by
 *     value and back by index (comparisons through a function pointer);
 *   - matrix operations on 16x16 int16 matrices: add a constant, multiply by a
 *     constant, matrix x vector, matrix x matrix, and bit-field extraction;
 *   - a state machine that classifies the comma-separated tokens of a string
 *     (decimal, fraction, exponent, hex, invalid) and parses the integers,
 *     once on the clean string and once with one character corrupted;
 * and folds every partial result into a CRC-16 (CCITT polynomial 0x1021,
 * computed bit by bit). The per-iteration CRCs are combined into a 64-bit
 * checksum that is compared with EXPECTED (which depends on ITERATIONS). */
#include "common.h"

#ifndef ITERATIONS
#define ITERATIONS 2000
#endif
#ifndef EXPECTED
#define EXPECTED 0xd3d10a6cb936cc5aULL
#endif

#define LIST_N  128
#define MAT_N   16
#define TOKENS  96
#define TEXT_CAP (TOKENS * 12 + 1)

/* ---- CRC-16/CCITT, most significant bit first, one bit per step. ---- */

static uint16_t crc16_u8(uint8_t b, uint16_t crc)
{
  crc ^= (uint16_t)b << 8;
  for (int i = 0; i < 8; i++)
    crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
  return crc;
}

static uint16_t crc16_u16(uint16_t v, uint16_t crc)
{
  return crc16_u8((uint8_t)(v >> 8), crc16_u8((uint8_t)v, crc));
}

static uint16_t crc16_u32(uint32_t v, uint16_t crc)
{
  return crc16_u16((uint16_t)(v >> 16), crc16_u16((uint16_t)v, crc));
}

/* ---- Linked lists. ---- */

struct item {
  struct item *next;
  int32_t value;
  uint16_t idx;
};

typedef int (*item_cmp)(const struct item *, const struct item *);

static struct item pool[LIST_N];

static int by_value(const struct item *a, const struct item *b)
{
  if (a->value != b->value)
    return a->value < b->value ? -1 : 1;
  return (int)a->idx - (int)b->idx;
}

static int by_idx(const struct item *a, const struct item *b)
{
  return (int)a->idx - (int)b->idx;
}

static struct item *list_build(uint64_t *seed)
{
  for (int i = 0; i < LIST_N; i++) {
    pool[i].idx = (uint16_t)i;
    pool[i].value = (int32_t)(rng_next(seed) & 0xffff) - 0x8000;
    pool[i].next = i + 1 < LIST_N ? &pool[i + 1] : 0;
  }
  return &pool[0];
}

static struct item *list_find(struct item *l, int32_t value)
{
  while (l && l->value != value)
    l = l->next;
  return l;
}

static struct item *list_reverse(struct item *l)
{
  struct item *prev = 0;
  while (l) {
    struct item *next = l->next;
    l->next = prev;
    prev = l;
    l = next;
  }
  return prev;
}

/* Bottom-up merge sort of a singly linked list: runs of `width` nodes are
 * merged pairwise, doubling width until one run remains. Stable. */
static struct item *list_sort(struct item *l, item_cmp cmp)
{
  for (unsigned width = 1;; width *= 2) {
    struct item *p = l, *head = 0, **tail = &head;
    unsigned runs = 0;
    while (p) {
      struct item *q = p;
      unsigned np = 0, nq = width;
      runs++;
      while (np < width && q) {
        np++;
        q = q->next;
      }
      while (np > 0 || (nq > 0 && q)) {
        struct item *e;
        if (np == 0) {
          e = q; q = q->next; nq--;
        } else if (nq == 0 || !q || cmp(p, q) <= 0) {
          e = p; p = p->next; np--;
        } else {
          e = q; q = q->next; nq--;
        }
        *tail = e;
        tail = &e->next;
      }
      p = q;
    }
    *tail = 0;
    l = head;
    if (runs <= 1)
      return l;
  }
}

static uint16_t list_phase(struct item **head, uint32_t it, uint16_t crc)
{
  struct item *l = *head;
  uint32_t found = 0, missing = 0;

  /* Half the searched values are in the list, half (probably) are not. */
  for (uint32_t k = 0; k < 8; k++) {
    int32_t want = (k & 1) ? pool[(it * 7 + k * 13) % LIST_N].value
                           : (int32_t)((it * 31 + k * 977) & 0xffff) - 0x8000;
    struct item *f = list_find(l, want);
    if (f)
      found += f->idx + 1;
    else
      missing++;
  }
  l = list_reverse(l);

  l = list_sort(l, by_value);
  uint32_t pos = 0;
  for (struct item *p = l; p; p = p->next, pos++)
    if ((pos & 7) == (it & 7))
      crc = crc16_u16(p->idx, crc16_u32((uint32_t)p->value, crc));
  l = list_sort(l, by_idx);

  /* Change the values so the next iteration sorts a different list. */
  for (struct item *p = l; p; p = p->next)
    p->value = ((p->value * 5 + (int32_t)it) & 0xffff) - 0x8000;
  *head = l;
  return crc16_u16((uint16_t)missing, crc16_u32(found, crc));
}

/* ---- Matrices. ---- */

static int16_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], vec[MAT_N];
static int32_t mc[MAT_N][MAT_N], vout[MAT_N];

static void matrix_init(uint64_t *seed)
{
  for (int i = 0; i < MAT_N; i++) {
    vec[i] = (int16_t)((rng_next(seed) & 0x3ff) - 0x200);
    for (int j = 0; j < MAT_N; j++) {
      ma[i][j] = (int16_t)((rng_next(seed) & 0x3ff) - 0x200);
      mb[i][j] = (int16_t)((rng_next(seed) & 0x3ff) - 0x200);
    }
  }
}

/* Sum of products of two bit fields of every element of mc. */
static uint32_t matrix_bits(void)
{
  uint32_t s = 0;
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      uint32_t x = (uint32_t)mc[i][j];
      s += ((x >> 2) & 0xf) * ((x >> 7) & 0x7f);
    }
  return s;
}

static uint16_t matrix_phase(uint32_t it, uint16_t crc)
{
  int16_t k = (int16_t)((it & 0xff) | 1);
  uint32_t sum = 0;

  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++)
      ma[i][j] = (int16_t)(ma[i][j] + k);

  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      mc[i][j] = (int32_t)ma[i][j] * k;
      sum += (uint32_t)mc[i][j];
    }
  crc = crc16_u32(sum, crc16_u32(matrix_bits(), crc));

  sum = 0;
  for (int i = 0; i < MAT_N; i++) {
    int32_t acc = 0;
    for (int j = 0; j < MAT_N; j++)
      acc += (int32_t)ma[i][j] * vec[j];
    vout[i] = acc;
    sum ^= (uint32_t)acc;
  }
  crc = crc16_u32(sum, crc);

  sum = 0;
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      int32_t acc = 0;
      for (int m = 0; m < MAT_N; m++)
        acc += (int32_t)ma[i][m] * mb[m][j];
      mc[i][j] = acc;
      sum += (uint32_t)acc;
    }
  crc = crc16_u32(sum, crc16_u32(matrix_bits(), crc));

  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++)
      ma[i][j] = (int16_t)(ma[i][j] - k);
  return crc16_u32((uint32_t)vout[it % MAT_N], crc);
}

/* ---- State machine over comma-separated number tokens. ---- */

enum state {
  S_START, S_SIGN, S_ZERO, S_INT, S_POINT, S_FRAC, S_E, S_ESIGN, S_EXP, S_X, S_HEX, S_BAD,
  S_COUNT
};

enum kind { K_INT, K_FRAC, K_EXP, K_HEX, K_BAD, K_COUNT };

static char text[TEXT_CAP];
static uint32_t text_len;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static enum state step(enum state s, char c)
{
  switch (s) {
  case S_START:
    if (c == '+' || c == '-') return S_SIGN;
    if (c == '0') return S_ZERO;
    if (is_digit(c)) return S_INT;
    if (c == '.') return S_POINT;
    return S_BAD;
  case S_SIGN:
    if (c == '0') return S_ZERO;
    if (is_digit(c)) return S_INT;
    if (c == '.') return S_POINT;
    return S_BAD;
  case S_ZERO:
    if (c == 'x' || c == 'X') return S_X;
    /* fallthrough */
  case S_INT:
    if (is_digit(c)) return S_INT;
    if (c == '.') return S_POINT;
    if (c == 'e' || c == 'E') return S_E;
    return S_BAD;
  case S_POINT:
    return is_digit(c) ? S_FRAC : S_BAD;
  case S_FRAC:
    if (is_digit(c)) return S_FRAC;
    if (c == 'e' || c == 'E') return S_E;
    return S_BAD;
  case S_E:
    if (c == '+' || c == '-') return S_ESIGN;
    return is_digit(c) ? S_EXP : S_BAD;
  case S_ESIGN:
  case S_EXP:
    return is_digit(c) ? S_EXP : S_BAD;
  case S_X:
  case S_HEX:
    return is_hex(c) ? S_HEX : S_BAD;
  default:
    return S_BAD;
  }
}

static enum kind classify(enum state s)
{
  switch (s) {
  case S_ZERO: case S_INT: return K_INT;
  case S_FRAC: return K_FRAC;
  case S_EXP: return K_EXP;
  case S_HEX: return K_HEX;
  default: return K_BAD;
  }
}

static uint32_t hex_value(char c)
{
  if (is_digit(c)) return (uint32_t)(c - '0');
  return (uint32_t)((c | 0x20) - 'a' + 10);
}

/* Runs the machine over the whole text; folds the token counts by kind, the
 * transitions per state and the parsed integer values into the CRC. */
static uint16_t scan(uint16_t crc)
{
  uint32_t kinds[K_COUNT] = {0}, visits[S_COUNT] = {0};
  uint32_t ivalue = 0, isum = 0;
  int neg = 0;
  enum state s = S_START;
  for (const char *p = text;; p++) {
    char c = *p;
    if (c == ',' || c == 0) {
      enum kind k = classify(s);
      kinds[k]++;
      if (k == K_INT || k == K_HEX)
        isum += neg ? -ivalue : ivalue;
      s = S_START;
      ivalue = 0;
      neg = 0;
      if (c == 0)
        break;
      continue;
    }
    s = step(s, c);
    visits[s]++;
    if (s == S_SIGN)
      neg = c == '-';
    else if (s == S_INT)
      ivalue = ivalue * 10 + (uint32_t)(c - '0');
    else if (s == S_HEX)
      ivalue = (ivalue << 4) | hex_value(c);
  }
  for (int k = 0; k < K_COUNT; k++)
    crc = crc16_u16((uint16_t)kinds[k], crc);
  for (int k = 0; k < S_COUNT; k++)
    crc = crc16_u16((uint16_t)visits[k], crc);
  return crc16_u32(isum, crc);
}

static char *put_digits(char *p, uint64_t v, unsigned n)
{
  for (unsigned i = 0; i < n; i++) {
    *p++ = (char)('0' + v % 10);
    v /= 10;
  }
  return p;
}

/* A string of TOKENS tokens: integers, fractions, exponents, hex, invalid. */
static void text_init(uint64_t *seed)
{
  static const char hexd[] = "0123456789abcdefABCDEF";
  char *p = text;
  for (int t = 0; t < TOKENS; t++) {
    uint64_t r = rng_next(seed);
    if (t > 0)
      *p++ = ',';
    if ((r >> 8) % 3 == 0)
      *p++ = (r & 0x100000) ? '-' : '+';
    switch (r % 5) {
    case 0: p = put_digits(p, r >> 20, 1 + (r >> 12) % 5); break;
    case 1: p = put_digits(p, r >> 20, 1 + (r >> 12) % 3); *p++ = '.'; p = put_digits(p, r >> 30, 1 + (r >> 16) % 3); break;
    case 2:
      p = put_digits(p, r >> 20, 1); *p++ = '.'; p = put_digits(p, r >> 30, 2);
      *p++ = (r & 0x10000) ? 'e' : 'E';
      if (r & 0x20000) *p++ = (r & 0x40000) ? '-' : '+';
      p = put_digits(p, r >> 40, 1 + (r >> 50) % 2);
      break;
    case 3:
      *p++ = '0'; *p++ = (r & 0x10000) ? 'x' : 'X';
      for (unsigned i = 0; i < 1 + (r >> 17) % 4; i++)
        *p++ = hexd[(r >> (24 + 5 * i)) % 22];
      break;
    default:
      p = put_digits(p, r >> 20, 1 + (r >> 12) % 3);
      *p++ = "x.e-+g"[(r >> 40) % 6];
      p = put_digits(p, r >> 44, (r >> 16) % 2);
      break;
    }
  }
  *p = 0;
  text_len = (uint32_t)(p - text);
}

static uint16_t state_phase(uint32_t it, uint16_t crc)
{
  static const char noise[] = "0.e,x-9A";
  crc = scan(crc);
  uint32_t at = (it * 37) % text_len;
  char saved = text[at];
  text[at] = noise[it % 8];
  crc = scan(crc);
  text[at] = saved;
  return crc;
}

int main(void)
{
  uint64_t seed = 0x0C0E4A12B3D5F607ULL;
  struct item *list = list_build(&seed);
  uint64_t check = 0;

  matrix_init(&seed);
  text_init(&seed);
  for (uint32_t it = 0; it < ITERATIONS; it++) {
    uint16_t crc = (uint16_t)it;
    crc = list_phase(&list, it, crc);
    crc = matrix_phase(it, crc);
    crc = state_phase(it, crc);
    check = mix64(check, crc);
  }
  return bench_report("coremark_like", check, EXPECTED);
}
