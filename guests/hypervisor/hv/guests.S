/* Reference hypervisor: the guest images, embedded in the payload. Each is
 * the flat binary (objcopy -O binary) of a guest ELF (guest1.elf,
 * guest2.elf), whose first byte belongs at guest-physical GUEST_ENTRY_GPA.
 * hypervisor.mk passes their paths as GUEST1_BIN and GUEST2_BIN (the compare
 * build with one guest passes GUEST1_BIN only). */
  .section .guest_images, "a"
  .balign 4096
  .globl guest1_image, guest1_image_end
guest1_image:
  .incbin GUEST1_BIN
guest1_image_end:
#ifdef GUEST2_BIN
  .balign 4096
  .globl guest2_image, guest2_image_end
guest2_image:
  .incbin GUEST2_BIN
guest2_image_end:
#endif
