; boot/boot.asm - multiboot2 header and the way from GRUB's 32-bit protected
; mode into the 64-bit C kernel.
;
; GRUB (BIOS or UEFI) jumps to _start in 32-bit protected mode, paging off,
; with EAX = multiboot2 magic and EBX = physical address of the boot
; information.  We check for long mode, build the boot page tables, switch to
; long mode and call kmain(magic, info) in the higher half.
;
; The boot page tables map, with 2 MiB pages:
;   virtual 0 .. 4 GiB                  -> physical 0 .. 4 GiB  (identity, for
;                                          the switch to long mode only: it
;                                          is dropped right after)
;   virtual PAGE_OFFSET .. +4 GiB       -> physical 0 .. 4 GiB  (the start of
;                                          the direct map: phys_to_virt())
;   virtual KERNEL_VMA .. KERNEL_VMA+2G -> physical 0 .. 2 GiB  (the kernel)
; Everything here that runs before paging uses physical addresses: the
; kernel's symbols are linked at KERNEL_VMA + physical, hence "- KERNEL_VMA".

KERNEL_VMA      equ 0xFFFFFFFF80000000
PAGE_OFFSET_PML4 equ 273                ; 0xffff888000000000, as in Linux

MB2_MAGIC       equ 0xE85250D6          ; multiboot2 header magic
MB2_ARCH_I386   equ 0                   ; 32-bit protected mode entry

; The control registers are loaded with exact values, never OR-ed into
; what the loader left: under UEFI, GRUB clears only CR4.PAE and EFER.LME
; before it jumps here, so a firmware that ran with 5-level paging leaves
; CR4.LA57 set, and an OR would keep it (the CPU would then walk our PML4
; as a PML5).  kernel/cpu.c checks every bit again from C.
CR0_PE          equ 1 << 0              ; protected mode
CR0_MP          equ 1 << 1              ; WAIT honours TS
CR0_ET          equ 1 << 4              ; hardwired to 1 since the 486
CR0_NE          equ 1 << 5              ; native x87 error reporting
CR0_WP          equ 1 << 16             ; ring 0 honours read-only pages
CR0_PG          equ 1 << 31             ; paging (caches on: CD = NW = 0)
CR4_PAE         equ 1 << 5              ; the only CR4 bit long mode needs
MSR_EFER        equ 0xC0000080
EFER_LME        equ 1 << 8
EFER_NXE        equ 1 << 11
CPUID_NX        equ 1 << 20             ; leaf 0x80000001, EDX
CPUID_LM        equ 1 << 29

PTE_PRESENT     equ 1 << 0
PTE_WRITE       equ 1 << 1
PTE_HUGE        equ 1 << 7              ; 2 MiB page in a page directory

COM1            equ 0x3F8

extern font_8x16

section .multiboot
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	; Framebuffer tag: ask GRUB for a linear framebuffer of its choice
	; (0 = no preference).  Optional (flags = 1): GRUB may leave us in
	; EGA text mode, which the kernel handles too.
	align 8
	dw 5, 1
	dd 20
	dd 0, 0, 32
	; End tag.
	align 8
	dw 0, 0
	dd 8
mb2_header_end:

section .boot.text
bits 32
global _start
_start:
	cli
	cld
	mov edi, eax                    ; keep magic and info for kmain
	mov esi, ebx
	mov esp, boot_stack_top - KERNEL_VMA

	; What the loader left, for kernel/cpu.c to report.
	mov eax, cr0
	mov [boot_entry_cr0 - KERNEL_VMA], eax
	mov eax, cr4
	mov [boot_entry_cr4 - KERNEL_VMA], eax

	call cpu_ext_features           ; EDX of CPUID 0x80000001, or 0
	test edx, CPUID_LM
	jz no_long_mode
	mov ebp, EFER_LME               ; EFER, exactly, kept in EBP
	test edx, CPUID_NX
	jz .no_nx
	or ebp, EFER_NXE
.no_nx:
	mov ecx, MSR_EFER
	rdmsr
	mov [boot_entry_efer - KERNEL_VMA], eax
	mov [boot_entry_efer - KERNEL_VMA + 4], edx

	; Boot page tables.  They live in .bss, which GRUB clears, but we
	; do not rely on it: clear them here.
	push edi
	mov edi, boot_pml4 - KERNEL_VMA
	mov ecx, (boot_pt_end - boot_pml4) / 4
	xor eax, eax
	rep stosd
	pop edi

	mov eax, boot_pdpt_low - KERNEL_VMA
	or eax, PTE_PRESENT | PTE_WRITE
	mov [boot_pml4 - KERNEL_VMA], eax
	mov [boot_pml4 - KERNEL_VMA + PAGE_OFFSET_PML4 * 8], eax
	mov eax, boot_pdpt_high - KERNEL_VMA
	or eax, PTE_PRESENT | PTE_WRITE
	mov [boot_pml4 - KERNEL_VMA + 511 * 8], eax

	; PDPT entries: low[0..3] -> pd[0..3]; high[510..511] -> pd[0..1]
	mov eax, boot_pd - KERNEL_VMA
	or eax, PTE_PRESENT | PTE_WRITE
	mov ebx, boot_pdpt_low - KERNEL_VMA
	mov [ebx + 0 * 8], eax
	mov [boot_pdpt_high - KERNEL_VMA + 510 * 8], eax
	add eax, 4096
	mov [ebx + 1 * 8], eax
	mov [boot_pdpt_high - KERNEL_VMA + 511 * 8], eax
	add eax, 4096
	mov [ebx + 2 * 8], eax
	add eax, 4096
	mov [ebx + 3 * 8], eax

	; 2048 PD entries of 2 MiB cover 0 .. 4 GiB.
	mov ebx, boot_pd - KERNEL_VMA
	xor ecx, ecx
.fill_pd:
	mov eax, ecx
	shl eax, 21
	or eax, PTE_PRESENT | PTE_WRITE | PTE_HUGE
	mov [ebx + ecx * 8], eax
	mov edx, ecx
	shr edx, 11                     ; bits 32+ of the address
	mov [ebx + ecx * 8 + 4], edx
	inc ecx
	cmp ecx, 2048
	jne .fill_pd

	; Paging is off (multiboot2 guarantees it), so CR4.LA57 may change.
	mov eax, CR4_PAE
	mov cr4, eax
	mov eax, boot_pml4 - KERNEL_VMA
	mov cr3, eax
	mov ecx, MSR_EFER
	mov eax, ebp                    ; LME, and NXE where the CPU has NX
	xor edx, edx
	wrmsr
	mov eax, CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_MP | CR0_PE
	mov cr0, eax

	lgdt [gdt_ptr_low]
	jmp 0x08:long_mode_low

; Return in EDX the feature flags of CPUID leaf 0x80000001 (LM, NX,
; pdpe1gb...), or 0 where the CPU has no CPUID or no such leaf.
cpu_ext_features:
	pushfd                          ; CPUID exists iff EFLAGS.ID toggles
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	xor eax, ecx
	jz .no
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no
	mov eax, 0x80000001
	cpuid
	ret
.no:
	xor edx, edx
	ret

;; A CPU without long mode: say so on the screen GRUB left - the framebuffer
;; of its multiboot2 information when the stub can draw on it, else the
;; VGA text screen - and on COM1, then halt.  EDI and ESI still hold the
;; magic and the information's address.
no_long_mode:
	call fb_tag
	test ebx, ebx
	jz .text
	call fb_message
	jmp .serial
.text:
	mov edi, 0xB8000                ; VGA text, 80x25: cleared, then the
	mov ecx, 80 * 25                ; message, white on red, wrapping by
	mov ax, 0x0720                  ; itself at the end of a row
	rep stosw
	mov esi, no_lm_msg
	mov edi, 0xB8000
	mov ah, 0x4F
.text_char:
	lodsb
	cmp al, ' '                     ; the CR LF ending the line is for COM1
	jb .serial
	stosw
	jmp .text_char
.serial:
	mov dx, COM1 + 3                ; 8N1, divisor 1 (115200 baud)
	mov al, 0x80
	out dx, al
	mov dx, COM1
	mov al, 1
	out dx, al
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x03
	out dx, al
	mov esi, no_lm_msg
.next:
	lodsb
	test al, al
	jz .halt
	mov bl, al
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20                   ; transmitter holding register empty
	jz .wait
	mov dx, COM1
	mov al, bl
	out dx, al
	jmp .next
.halt:
	cli
	hlt
	jmp .halt

MB2_INFO_MAGIC  equ 0x36D76289          ; EAX from a multiboot2 loader
MB2_INFO_MAX    equ 1 << 20             ; as kernel/multiboot2.h
MB2_TAG_FB      equ 8
FB_TAG_RGB_SIZE equ 38                  ; common part and RGB colour info
PSF1_MAGIC      equ 0x0436
GLYPH_W         equ 8
GLYPH_H         equ 16

; Return EBX = GRUB's first framebuffer tag if the stub can draw on it,
; else 0.  The walk bounds-checks as kernel/multiboot2.c does: the total
; size at most MB2_INFO_MAX, every tag at least a header long and inside
; the total size; it stops at the end tag or at the first fault.  The
; framebuffer must be RGB, below 4 GiB (paging is off: nothing above is
; reachable), of whole bytes per pixel (8, 16, 24 or 32 bits: 15-bit
; modes and indexed colour are left to the VGA text path, invisible on
; them), at least one 8x16 cell, its lines and size consistent.  The font
; must be the PSF1 8x16 one fb_message expects.
fb_tag:
	xor ebx, ebx
	cmp word [font_8x16 - KERNEL_VMA], PSF1_MAGIC
	jne .done
	cmp byte [font_8x16 - KERNEL_VMA + 3], GLYPH_H
	jne .done
	cmp edi, MB2_INFO_MAGIC
	jne .done
	test esi, 7
	jnz .done
	mov ecx, [esi]                  ; total_size
	cmp ecx, 16
	jb .done
	cmp ecx, MB2_INFO_MAX
	ja .done
	mov edx, esi                    ; EDX: the end of the information
	add edx, ecx
	jc .done
	cmp edx, -16                    ; room for the alignment steps below
	ja .done
	lea eax, [esi + 8]              ; EAX: the tag
.next:
	lea ecx, [eax + 8]
	cmp ecx, edx                    ; the tag header inside
	ja .done
	mov ecx, [eax + 4]              ; ECX: the tag's size
	cmp ecx, 8
	jb .done
	mov ebp, edx
	sub ebp, eax
	cmp ecx, ebp                    ; the whole tag inside
	ja .done
	cmp dword [eax], 0              ; end tag
	je .done
	cmp dword [eax], MB2_TAG_FB
	je .found
	add ecx, 7
	and ecx, ~7
	add eax, ecx
	jmp .next
.found:
	cmp ecx, FB_TAG_RGB_SIZE
	jb .done
	cmp byte [eax + 29], 1          ; framebuffer_type: RGB
	jne .done
	cmp dword [eax + 12], 0         ; address bits 32-63
	jne .done
	movzx ecx, byte [eax + 28]      ; bits per pixel
	test ecx, 7
	jnz .done
	shr ecx, 3                      ; ECX: bytes per pixel, 1 to 4
	jz .done
	cmp ecx, 4
	ja .done
	cmp dword [eax + 20], GLYPH_W   ; width
	jb .done
	cmp dword [eax + 24], GLYPH_H   ; height
	jb .done
	mov ebp, eax
	mov eax, [ebp + 20]
	mul ecx                         ; a line's pixels fit in its pitch
	jc .done
	cmp eax, [ebp + 16]
	ja .done
	mov eax, [ebp + 16]
	mul dword [ebp + 24]            ; pitch * height: below 4 GiB
	jc .done
	add eax, [ebp + 8]
	jc .done
	mov ebx, ebp
.done:
	ret

; Clear the framebuffer of tag EBX (see fb_tag) and draw the message on
; it, from the top left, wrapping at the right edge, in the kernel's 8x16
; console font (drivers/font.asm, a PSF1 file: a 4-byte header, then 16
; bytes a glyph; its printable ASCII glyphs sit at their character codes,
; which tests/boot/run.py's screen-no-long-mode-fb checks by decoding the
; screen through the font's Unicode table).  White is every bit of a pixel
; set and black none, so the pixels need no colour layout and are drawn
; byte by byte whatever their size.
fb_message:
	mov eax, [ebx + 8]
	mov [fb_base - KERNEL_VMA], eax
	mov eax, [ebx + 16]
	mov [fb_pitch - KERNEL_VMA], eax
	movzx eax, byte [ebx + 28]
	shr eax, 3
	mov [fb_bytespp - KERNEL_VMA], eax
	mov eax, [ebx + 20]
	shr eax, 3
	mov [fb_cols - KERNEL_VMA], eax
	mov eax, [ebx + 24]
	shr eax, 4
	mov [fb_rows - KERNEL_VMA], eax
	mov eax, [ebx + 16]
	mul dword [ebx + 24]
	mov ecx, eax
	mov edi, [fb_base - KERNEL_VMA]
	xor eax, eax
	rep stosb
	mov esi, no_lm_msg
	xor edx, edx                    ; EDX: column, EBP: row
	xor ebp, ebp
.char:
	lodsb
	test al, al
	jz .done
	cmp al, ' '                     ; the CR LF ending the line is for COM1
	jb .char
	cmp edx, [fb_cols - KERNEL_VMA]
	jb .fits
	xor edx, edx
	inc ebp
.fits:
	cmp ebp, [fb_rows - KERNEL_VMA]
	jae .done
	push esi
	movzx esi, al                   ; ESI: the glyph
	shl esi, 4
	add esi, font_8x16 - KERNEL_VMA + 4
	mov eax, ebp                    ; EDI: the cell's top left pixel
	shl eax, 4
	imul eax, [fb_pitch - KERNEL_VMA]
	mov edi, edx
	shl edi, 3
	imul edi, [fb_bytespp - KERNEL_VMA]
	add edi, eax
	add edi, [fb_base - KERNEL_VMA]
	mov bh, GLYPH_H
.glyph_row:
	lodsb
	mov bl, al                      ; 8 pixels, the leftmost in bit 7
	push edi
	mov ah, GLYPH_W
.pixel:
	mov ecx, [fb_bytespp - KERNEL_VMA]
	shl bl, 1
	jnc .off
	mov al, 0xFF
	rep stosb
	jmp .next_pixel
.off:
	add edi, ecx
.next_pixel:
	dec ah
	jnz .pixel
	pop edi
	add edi, [fb_pitch - KERNEL_VMA]
	dec bh
	jnz .glyph_row
	pop esi
	inc edx
	jmp .char
.done:
	ret

no_lm_msg:
	db "bootmem2: this CPU has no 64-bit long mode; an x86-64 CPU is required. System halted.", 13, 10, 0

bits 64
long_mode_low:
	mov rax, long_mode_high
	jmp rax

section .text
extern kmain
long_mode_high:
	; The identity map has served: drop it, so that a stray low pointer
	; faults instead of writing physical low memory.
	mov qword [boot_pml4], 0
	mov rax, cr3
	mov cr3, rax
	lgdt [gdt_ptr_high]             ; the same GDT, at its higher-half address
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	xor ebp, ebp
	mov edi, edi                    ; kmain(u32 magic, u32 info): clear the
	mov esi, esi                    ; upper halves, undefined after the switch
	call kmain
.halt:
	cli
	hlt
	jmp .halt

section .rodata
align 16
gdt:
	dq 0
	dq 0x00AF9A000000FFFF           ; 0x08: 64-bit code, ring 0
	dq 0x00CF92000000FFFF           ; 0x10: data, ring 0
gdt_end:

section .boot.data
align 8
gdt_ptr_low:
	dw gdt_end - gdt - 1
	dd gdt - KERNEL_VMA

section .data
align 8
global boot_entry_cr0, boot_entry_cr4, boot_entry_efer
boot_entry_cr0:  dq 0
boot_entry_cr4:  dq 0
boot_entry_efer: dq 0
gdt_ptr_high:
	dw gdt_end - gdt - 1
	dq gdt

section .bss
align 4096
global boot_pml4, boot_pdpt_low, boot_pdpt_high, boot_pd
boot_pml4:      resb 4096
boot_pdpt_low:  resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4 * 4096
boot_pt_end:

; The kernel's stacks, each above a guard page that the kernel's page
; tables leave unmapped (kernel/cpu.c): an overflow faults at once instead
; of overwriting what lies below.  The exceptions that must work whatever
; the kernel's stack is like - double fault, NMI, machine check - run on
; their own stacks, through the TSS's interrupt stack table.
section .bss.stacks nobits alloc write align=4096
%macro STACK 2                          ; name, size
	alignb 4096
global %1_guard, %1_top
%1_guard:       resb 4096
%1:             resb %2
%1_top:
%endmacro
	STACK boot_stack, 16384
	STACK df_stack, 8192
	STACK nmi_stack, 8192
	STACK mc_stack, 8192

section .bss
fb_base:        resd 1              ; fb_message's framebuffer
fb_pitch:       resd 1
fb_bytespp:     resd 1
fb_cols:        resd 1
fb_rows:        resd 1
