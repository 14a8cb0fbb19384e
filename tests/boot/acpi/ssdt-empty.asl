/*
 * tests/boot/acpi/ssdt-empty.asl - an SSDT that defines nothing: filler
 * for a machine that lists many tables, as servers do (one SSDT per CPU
 * socket, device or power state).  The "many-tables" cases of
 * tests/boot/cases.py inject it before their SRAT: 150 times under
 * SeaBIOS, 120 under OVMF (which installs at most 128 tables).
 */
DefinitionBlock ("", "SSDT", 2, "BM2   ", "EMPTY   ", 1)
{
}
