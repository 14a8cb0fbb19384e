/*
 * kernel/compiler.h - compiler helpers and small generic macros.
 *
 * Portable: included by kernel code and by the host unit tests alike.
 */
#ifndef KERNEL_COMPILER_H
#define KERNEL_COMPILER_H

#define __packed        __attribute__((packed))
#define __aligned(x)    __attribute__((aligned(x)))
#define __noreturn      __attribute__((noreturn))
#define __printf(a, b)  __attribute__((format(printf, a, b)))
#define __used          __attribute__((used))
#define __section(s)    __attribute__((section(s)))
#define __maybe_unused  __attribute__((unused))

#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

/* Round up / down to a power-of-two alignment. */
#define ALIGN_UP(x, a)   (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define MIN(a, b)       ((a) < (b) ? (a) : (b))
#define MAX(a, b)       ((a) > (b) ? (a) : (b))

/* Make the compiler forget what it knows of a value (Linux's
 * OPTIMIZER_HIDE_VAR): a pointer made from a constant physical address,
 * 0x40e say, is not a null-pointer-plus-offset to warn about. */
#define OPTIMIZER_HIDE_VAR(v) __asm__("" : "+r"(v))

#define STRINGIFY_(x)   #x
#define STRINGIFY(x)    STRINGIFY_(x)

#endif
