/* branchy: control-flow heavy code — a switch-dispatched bytecode
 * interpreter (indirect jumps) running a Collatz program, a recursive
 * quicksort of pseudo-random keys (unpredictable branches), and a
 * character-class state machine tokenizing generated text. */
#include "common.h"

#ifndef COLLATZ_LIMIT
#define COLLATZ_LIMIT 9000
#endif
#ifndef SORT_N
#define SORT_N (64 * 1024)
#endif
#ifndef SORT_ROUNDS
#define SORT_ROUNDS 10
#endif
#ifndef TEXT_SIZE
#define TEXT_SIZE (256 * 1024)
#endif
#ifndef LEX_ROUNDS
#define LEX_ROUNDS 20
#endif
#ifndef EXPECTED
#define EXPECTED 0x43660ec24dab4b7aULL
#endif

/* ---------------- bytecode interpreter ---------------- */

enum op { OP_LI, OP_ADDI, OP_ADD, OP_ANDI, OP_SHRI, OP_MULI, OP_BEQ, OP_BNE,
          OP_BLTU, OP_JMP, OP_MAX, OP_HALT };

struct vinsn {
  uint8_t op, rd, ra, rb;
  int32_t imm;
};

#define I(o, d, a, b, im) { OP_##o, d, a, b, im }

/* Sum and maximum of Collatz sequence lengths for 1 <= n < COLLATZ_LIMIT.
 * r0 = 0, r1 = n, r2 = x, r3 = steps, r4 = tmp, r5 = total, r6 = limit,
 * r7 = 1, r8 = longest */
static const struct vinsn collatz_prog[] = {
  /*  0 */ I(LI, 1, 0, 0, 1),
  /*  1 */ I(LI, 5, 0, 0, 0),
  /*  2 */ I(LI, 6, 0, 0, COLLATZ_LIMIT),
  /*  3 */ I(LI, 7, 0, 0, 1),
  /*  4 */ I(LI, 8, 0, 0, 0),
  /*  5 */ I(ADDI, 2, 1, 0, 0),        /* next_n: x = n              */
  /*  6 */ I(LI, 3, 0, 0, 0),          /* steps = 0                  */
  /*  7 */ I(BEQ, 0, 2, 7, 16),        /* loop: x == 1 -> done       */
  /*  8 */ I(ANDI, 4, 2, 0, 1),
  /*  9 */ I(BEQ, 0, 4, 0, 13),        /* even -> 13                 */
  /* 10 */ I(MULI, 2, 2, 0, 3),        /* odd: x = 3x + 1            */
  /* 11 */ I(ADDI, 2, 2, 0, 1),
  /* 12 */ I(JMP, 0, 0, 0, 14),
  /* 13 */ I(SHRI, 2, 2, 0, 1),        /* even: x >>= 1              */
  /* 14 */ I(ADDI, 3, 3, 0, 1),        /* steps++                    */
  /* 15 */ I(JMP, 0, 0, 0, 7),
  /* 16 */ I(ADD, 5, 5, 3, 0),         /* done: total += steps       */
  /* 17 */ I(MAX, 8, 8, 3, 0),         /* longest = max(longest, steps) */
  /* 18 */ I(ADDI, 1, 1, 0, 1),        /* n++                        */
  /* 19 */ I(BLTU, 0, 1, 6, 5),        /* n < limit -> next_n        */
  /* 20 */ I(HALT, 0, 0, 0, 0),
};

static uint64_t vm_run(const struct vinsn *code, uint64_t *reg, uint64_t *executed)
{
  uint32_t pc = 0;
  uint64_t count = 0;
  for (;;) {
    const struct vinsn *in = &code[pc++];
    count++;
    switch (in->op) {
    case OP_LI:   reg[in->rd] = (uint64_t)(int64_t)in->imm; break;
    case OP_ADDI: reg[in->rd] = reg[in->ra] + (uint64_t)(int64_t)in->imm; break;
    case OP_ADD:  reg[in->rd] = reg[in->ra] + reg[in->rb]; break;
    case OP_ANDI: reg[in->rd] = reg[in->ra] & (uint64_t)(int64_t)in->imm; break;
    case OP_SHRI: reg[in->rd] = reg[in->ra] >> (in->imm & 63); break;
    case OP_MULI: reg[in->rd] = reg[in->ra] * (uint64_t)(int64_t)in->imm; break;
    case OP_MAX:  reg[in->rd] = reg[in->ra] > reg[in->rb] ? reg[in->ra] : reg[in->rb]; break;
    case OP_BEQ:  if (reg[in->ra] == reg[in->rb]) pc = (uint32_t)in->imm; break;
    case OP_BNE:  if (reg[in->ra] != reg[in->rb]) pc = (uint32_t)in->imm; break;
    case OP_BLTU: if (reg[in->ra] < reg[in->rb]) pc = (uint32_t)in->imm; break;
    case OP_JMP:  pc = (uint32_t)in->imm; break;
    case OP_HALT:
    default:
      *executed = count;
      return reg[5];
    }
    reg[0] = 0;
  }
}

/* ---------------- quicksort ---------------- */

static uint32_t keys[SORT_N];

static void insertion_sort(uint32_t *a, int n)
{
  for (int i = 1; i < n; i++) {
    uint32_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void quicksort(uint32_t *a, int n)
{
  while (n > 16) {
    uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
    uint32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
      i++;
      j--;
    }
    /* recurse on the smaller half, loop on the larger */
    if (j + 1 < n - j - 1) {
      quicksort(a, j + 1);
      a += j + 1;
      n -= j + 1;
    } else {
      quicksort(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  insertion_sort(a, n);
}

static uint64_t sort_phase(uint64_t *seed)
{
  uint64_t h = 0;
  for (int r = 0; r < SORT_ROUNDS; r++) {
    uint32_t mask = r & 1 ? 0xffffffffu : 0x3ffu; /* second pattern has many duplicates */
    for (int i = 0; i < SORT_N; i++)
      keys[i] = (uint32_t)(rng_next(seed) >> 32) & mask;
    quicksort(keys, SORT_N);
    uint32_t bad = 0;
    for (int i = 1; i < SORT_N; i++)
      bad += keys[i - 1] > keys[i];
    h = mix64(h, keys[SORT_N / 3] ^ ((uint64_t)keys[SORT_N - 7] << 32));
    h = mix64(h, bad);
  }
  return h;
}

/* ---------------- tokenizer state machine ---------------- */

static char text[TEXT_SIZE];

static void make_text(uint64_t *seed)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz_ABCXYZ0123456789 \n\t+-*/=(){};,.\"'#";
  for (int i = 0; i < TEXT_SIZE; i++) {
    uint64_t r = rng_next(seed);
    /* bias towards letters and spaces so tokens have realistic lengths */
    int k = (r >> 8) % 100 < 60 ? (int)((r >> 20) % 27) : (int)((r >> 20) % (sizeof alphabet - 1));
    text[i] = alphabet[k];
  }
}

enum lexstate { S_START, S_IDENT, S_NUMBER, S_STRING, S_COMMENT, S_SLASH };

static uint64_t lex(const char *s, int n)
{
  uint64_t idents = 0, numbers = 0, strings = 0, comments = 0, puncts = 0, lines = 0;
  uint64_t h = 0;
  enum lexstate st = S_START;
  for (int i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\n')
      lines++;
    switch (st) {
    case S_START:
    start:
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        st = S_IDENT;
        h = h * 31 + (unsigned char)c;
      } else if (c >= '0' && c <= '9') {
        st = S_NUMBER;
      } else if (c == '"') {
        st = S_STRING;
      } else if (c == '#') {
        st = S_COMMENT;
      } else if (c == '/') {
        st = S_SLASH;
      } else if (c != ' ' && c != '\n' && c != '\t') {
        puncts++;
      }
      break;
    case S_IDENT:
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9')) {
        h = h * 31 + (unsigned char)c;
      } else {
        idents++;
        st = S_START;
        goto start;
      }
      break;
    case S_NUMBER:
      if (!(c >= '0' && c <= '9')) {
        numbers++;
        st = S_START;
        goto start;
      }
      break;
    case S_STRING:
      if (c == '"' || c == '\n') {
        strings++;
        st = S_START;
      }
      break;
    case S_COMMENT:
      if (c == '\n') {
        comments++;
        st = S_START;
      }
      break;
    case S_SLASH:
      if (c == '/') {
        st = S_COMMENT;
      } else {
        puncts++;
        st = S_START;
        goto start;
      }
      break;
    }
  }
  return mix64(mix64(mix64(mix64(mix64(mix64(h, idents), numbers), strings), comments), puncts), lines);
}

int main(void)
{
  uint64_t seed = 0x5EED0FB4A2C4ULL;
  uint64_t check = 0;

  uint64_t reg[16] = { 0 };
  uint64_t executed = 0;
  uint64_t total = vm_run(collatz_prog, reg, &executed);
  check = mix64(mix64(mix64(check, total), reg[8]), executed);

  check = mix64(check, sort_phase(&seed));

  make_text(&seed);
  for (int r = 0; r < LEX_ROUNDS; r++) {
    check = mix64(check, lex(text + r, TEXT_SIZE - r));
  }

  return bench_report("branchy", check, EXPECTED);
}
