/*
 * A minimal flattened-device-tree (DTB, version 17) writer for the KVM VMM.
 *
 * Nodes and properties are appended in order into a fixed buffer; fdt_finish()
 * lays out header, empty memory-reservation map, structure block and strings
 * block. All values are stored big-endian as the format requires. Errors
 * (buffer full, unbalanced nodes) are sticky and reported by fdt_finish().
 */
#ifndef HYPERSTEP_KVM_FDT_H
#define HYPERSTEP_KVM_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAX_STRUCT 16384
#define FDT_MAX_STRINGS 4096

struct fdt {
	uint8_t structure[FDT_MAX_STRUCT];
	size_t struct_len;
	char strings[FDT_MAX_STRINGS];
	size_t strings_len;
	int depth;
	int error;
};

void fdt_init(struct fdt *f);
void fdt_begin_node(struct fdt *f, const char *name);
void fdt_end_node(struct fdt *f);
void fdt_prop(struct fdt *f, const char *name, const void *data, size_t len);
void fdt_prop_empty(struct fdt *f, const char *name);
void fdt_prop_u32(struct fdt *f, const char *name, uint32_t v);
void fdt_prop_u64(struct fdt *f, const char *name, uint64_t v);
void fdt_prop_string(struct fdt *f, const char *name, const char *s);
/* reg = <addr-hi addr-lo size-hi size-lo> for #address-cells = #size-cells = 2. */
void fdt_prop_reg64(struct fdt *f, const char *name, uint64_t addr, uint64_t size);

/*
 * Serialize into out (capacity cap). Returns the blob size, or 0 on error with
 * a message in *why.
 */
size_t fdt_finish(struct fdt *f, uint8_t *out, size_t cap, const char **why);

#endif
