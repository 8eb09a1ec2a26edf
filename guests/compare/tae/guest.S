/* Trap-and-emulate hypervisor (tae): the embedded guest kernel, the flat image
 * (objcopy -O binary) whose first byte belongs at GUEST_ENTRY_GPA. compare.mk
 * passes its path as TAE_GUEST_BIN. */
  .section .guest_image, "a"
  .balign 4096
  .globl guest_image, guest_image_end
guest_image:
  .incbin TAE_GUEST_BIN
guest_image_end:
