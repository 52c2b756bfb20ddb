/* Wine 8 (Debian 12) has no ProcessPrng in bcryptprimitives.dll, which Rust's standard library
 * calls since 1.78 for its random numbers; a Rust program for Windows then stops at start under
 * Wine. This stand-in DLL, put beside the program, answers it with RtlGenRandom
 * (SystemFunction036 in advapi32), which Wine implements. Used only to run the Windows tests
 * under Wine (make test-windows); never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG part = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, part)) return FALSE;
        data += part;
        length -= part;
    }
    return TRUE;
}
