/*
 * Flattened-device-tree writer of the KVM VMM (see fdt.h).
 *
 * Blob layout produced by fdt_finish():
 *   header (40 bytes) | memory reservation map (one terminating 16-byte entry)
 *   | structure block (tokens BEGIN_NODE/PROP/END_NODE ... END)
 *   | strings block (property names, NUL-terminated, shared)
 */
#include "fdt.h"

#include <string.h>

enum {
	FDT_MAGIC = 0xd00dfeedu,
	FDT_VERSION = 17,
	FDT_LAST_COMPATIBLE = 16,
	TOKEN_BEGIN_NODE = 1,
	TOKEN_END_NODE = 2,
	TOKEN_PROP = 3,
	TOKEN_END = 9,
	HEADER_SIZE = 40,
	RSVMAP_SIZE = 16,
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void emit(struct fdt *f, const void *data, size_t len)
{
	if (f->error)
		return;
	if (f->struct_len + len + 3 > FDT_MAX_STRUCT) {
		f->error = 1;
		return;
	}
	memcpy(f->structure + f->struct_len, data, len);
	f->struct_len += len;
	while (f->struct_len & 3)
		f->structure[f->struct_len++] = 0;
}

static void emit_u32(struct fdt *f, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	emit(f, b, 4);
}

/* Offset of name in the strings block, adding it when new. */
static uint32_t string_offset(struct fdt *f, const char *name)
{
	size_t n = strlen(name) + 1;
	size_t off = 0;

	while (off < f->strings_len) {
		if (strcmp(f->strings + off, name) == 0)
			return (uint32_t)off;
		off += strlen(f->strings + off) + 1;
	}
	if (f->strings_len + n > FDT_MAX_STRINGS) {
		f->error = 1;
		return 0;
	}
	memcpy(f->strings + f->strings_len, name, n);
	f->strings_len += n;
	return (uint32_t)off;
}

void fdt_init(struct fdt *f)
{
	memset(f, 0, sizeof(*f));
}

void fdt_begin_node(struct fdt *f, const char *name)
{
	emit_u32(f, TOKEN_BEGIN_NODE);
	emit(f, name, strlen(name) + 1);
	f->depth++;
}

void fdt_end_node(struct fdt *f)
{
	if (f->depth <= 0) {
		f->error = 2;
		return;
	}
	emit_u32(f, TOKEN_END_NODE);
	f->depth--;
}

void fdt_prop(struct fdt *f, const char *name, const void *data, size_t len)
{
	uint32_t nameoff = string_offset(f, name);

	if (f->depth <= 0)
		f->error = 2;
	emit_u32(f, TOKEN_PROP);
	emit_u32(f, (uint32_t)len);
	emit_u32(f, nameoff);
	if (len)
		emit(f, data, len);
}

void fdt_prop_empty(struct fdt *f, const char *name)
{
	fdt_prop(f, name, NULL, 0);
}

void fdt_prop_u32(struct fdt *f, const char *name, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	fdt_prop(f, name, b, 4);
}

void fdt_prop_u64(struct fdt *f, const char *name, uint64_t v)
{
	uint8_t b[8];

	put_be32(b, (uint32_t)(v >> 32));
	put_be32(b + 4, (uint32_t)v);
	fdt_prop(f, name, b, 8);
}

void fdt_prop_string(struct fdt *f, const char *name, const char *s)
{
	fdt_prop(f, name, s, strlen(s) + 1);
}

void fdt_prop_reg64(struct fdt *f, const char *name, uint64_t addr, uint64_t size)
{
	uint8_t b[16];

	put_be32(b, (uint32_t)(addr >> 32));
	put_be32(b + 4, (uint32_t)addr);
	put_be32(b + 8, (uint32_t)(size >> 32));
	put_be32(b + 12, (uint32_t)size);
	fdt_prop(f, name, b, 16);
}

size_t fdt_finish(struct fdt *f, uint8_t *out, size_t cap, const char **why)
{
	size_t off_struct, off_strings, total;

	if (f->depth != 0 && !f->error)
		f->error = 2;
	emit_u32(f, TOKEN_END);
	if (f->error) {
		*why = f->error == 1 ? "device tree too large" : "unbalanced device-tree nodes";
		return 0;
	}
	off_struct = HEADER_SIZE + RSVMAP_SIZE;
	off_strings = off_struct + f->struct_len;
	total = off_strings + f->strings_len;
	if (total > cap) {
		*why = "device tree does not fit its buffer";
		return 0;
	}
	memset(out, 0, off_struct);
	put_be32(out + 0, FDT_MAGIC);
	put_be32(out + 4, (uint32_t)total);
	put_be32(out + 8, (uint32_t)off_struct);
	put_be32(out + 12, (uint32_t)off_strings);
	put_be32(out + 16, HEADER_SIZE); /* off_mem_rsvmap */
	put_be32(out + 20, FDT_VERSION);
	put_be32(out + 24, FDT_LAST_COMPATIBLE);
	put_be32(out + 28, 0); /* boot_cpuid_phys */
	put_be32(out + 32, (uint32_t)f->strings_len);
	put_be32(out + 36, (uint32_t)f->struct_len);
	memcpy(out + off_struct, f->structure, f->struct_len);
	memcpy(out + off_strings, f->strings, f->strings_len);
	return total;
}
