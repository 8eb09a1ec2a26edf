/*
 * /init of the nested Linux guest (the initramfs the VMM's linux mode boots):
 * prints a fixed marker on /dev/console, which the KVM system test waits for,
 * and powers the guest off (SBI SRST shutdown inside the guest kernel, a
 * KVM_EXIT_SYSTEM_EVENT in the VMM). Static riscv64 Linux binary (kvm.mk).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

static void say(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) < 0) {
		/* nothing to do about it: the console is the only output */
	}
}

int main(void)
{
	struct utsname u;
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

	if (fd < 0)
		fd = 1;
	say(fd, "HYPERSTEP-KVM-GUEST: init reached\n");
	if (uname(&u) == 0) {
		say(fd, "HYPERSTEP-KVM-GUEST: Linux ");
		say(fd, u.release);
		say(fd, " ");
		say(fd, u.machine);
		say(fd, "\n");
	}
	/* The UART has no interrupt: the 8250 driver drains it from a timer. Wait for that. */
	tcdrain(fd);
	sync();
	reboot(RB_POWER_OFF);
	say(fd, "HYPERSTEP-KVM-GUEST: reboot(RB_POWER_OFF) failed\n");
	return 1;
}
