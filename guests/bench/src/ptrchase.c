/* ptrchase: memory-latency bound pointer chasing. A single random cycle
 * through 4 MiB of 64-byte nodes (Sattolo's shuffle) is walked repeatedly,
 * updating each node; then an unbalanced binary search tree with random keys
 * is built and searched. Stresses loads, address translation caching and
 * data-dependent branches. */
#include "common.h"

#ifndef LIST_NODES
#define LIST_NODES (64 * 1024)    /* x 64 bytes = 4 MiB */
#endif
#ifndef LIST_STEPS
#define LIST_STEPS (5u * 1000 * 1000)
#endif
#ifndef TREE_NODES
#define TREE_NODES (64 * 1024)
#endif
#ifndef TREE_LOOKUPS
#define TREE_LOOKUPS (400 * 1000)
#endif
#ifndef EXPECTED
#define EXPECTED 0x931147bf25ef2483ULL
#endif

struct lnode {
  struct lnode *next;
  uint64_t value;
  uint64_t pad[6];
};

struct tnode {
  struct tnode *left, *right;
  uint64_t key;
  uint64_t hits;
};

static struct lnode nodes[LIST_NODES];
static uint32_t order[LIST_NODES];
static struct tnode tree[TREE_NODES];

static uint64_t list_phase(uint64_t *seed)
{
  for (uint32_t i = 0; i < LIST_NODES; i++)
    order[i] = i;
  /* Sattolo: yields one cycle covering every node. */
  for (uint32_t i = LIST_NODES - 1; i > 0; i--) {
    uint32_t j = (uint32_t)(rng_next(seed) % i);
    uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (uint32_t i = 0; i < LIST_NODES; i++) {
    nodes[i].next = &nodes[order[i]];
    nodes[i].value = i * 0x9E3779B1u;
  }

  struct lnode *p = &nodes[0];
  uint64_t sum = 0;
  for (uint32_t s = 0; s < LIST_STEPS; s++) {
    sum += p->value;
    p->value = sum >> 3;
    p = p->next;
  }
  return sum ^ (uint64_t)(p - nodes);
}

static uint64_t tree_phase(uint64_t *seed)
{
  struct tnode *root = &tree[0];
  root->key = rng_next(seed) >> 1;
  uint32_t used = 1;
  for (uint32_t i = 1; i < TREE_NODES; i++) {
    uint64_t key = rng_next(seed) >> 1;
    struct tnode **link = &root;
    while (*link)
      link = key < (*link)->key ? &(*link)->left : &(*link)->right;
    struct tnode *n = &tree[used++];
    n->key = key;
    *link = n;
  }

  uint64_t found = 0, depth = 0;
  uint64_t lookup_seed = 0x0DDBA11CAFEF00DULL;
  for (uint32_t i = 0; i < TREE_LOOKUPS; i++) {
    uint64_t key;
    if (i & 1) {
      key = tree[rng_next(&lookup_seed) % TREE_NODES].key; /* present */
    } else {
      key = rng_next(&lookup_seed) >> 1;                  /* most likely absent */
    }
    struct tnode *n = root;
    while (n && n->key != key) {
      n = key < n->key ? n->left : n->right;
      depth++;
    }
    if (n) {
      n->hits++;
      found++;
    }
  }
  uint64_t h = 0;
  for (uint32_t i = 0; i < TREE_NODES; i += 61)
    h = mix64(h, tree[i].hits);
  return mix64(mix64(h, found), depth);
}

int main(void)
{
  uint64_t seed = 0xC0FFEE1234ABCDEFULL;
  uint64_t check = list_phase(&seed);
  check = mix64(check, tree_phase(&seed));
  return bench_report("ptrchase", check, EXPECTED);
}
