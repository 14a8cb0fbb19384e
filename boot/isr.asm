; boot/isr.asm - entry stubs for the 32 CPU exceptions.
;
; Each stub pushes a zero error code where the CPU pushes none, then its
; vector, and jumps to a common path that saves the general registers as a
; struct trap_frame (kernel/trap.h) and calls trap_handler(frame).
; The kernel runs with interrupts off; exceptions are fatal bugs, and
; trap_handler() returns only from an NMI it chose to ignore.

bits 64
section .text
extern trap_handler

%macro EXC_NOERR 1
isr_%1:
	push 0
	push %1
	jmp isr_common
%endmacro

%macro EXC_ERR 1
isr_%1:
	push %1
	jmp isr_common
%endmacro

; Vectors with a CPU error code: 8, 10-14, 17, 21, 29, 30.
%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	EXC_ERR v
%else
	EXC_NOERR v
%endif
%assign v v + 1
%endrep

isr_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp
	mov rbx, rsp                    ; callee-saved: the frame
	and rsp, -16
	call trap_handler
	mov rsp, rbx
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16                     ; vector, error code
	iretq

section .rodata
global isr_table
isr_table:
%assign v 0
%rep 32
	dq isr_ %+ v
%assign v v + 1
%endrep
