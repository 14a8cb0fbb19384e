; drivers/font.asm - the console fonts built into the kernel.
;
; The Makefile unpacks Terminus fonts from Debian's console-setup-linux
; package into build/fonts/ and passes that folder with -I.

section .rodata
global font_8x16, font_8x16_end, font_16x32, font_16x32_end

font_8x16:
	incbin "Lat15-Terminus16.psf"
font_8x16_end:

font_16x32:
	incbin "Lat15-Terminus32x16.psf"
font_16x32_end:
