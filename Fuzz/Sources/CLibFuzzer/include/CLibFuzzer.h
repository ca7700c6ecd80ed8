// libFuzzer's driver, which the fuzzers' `main` calls (SwiftPM links an executable's own `main`,
// so libFuzzer's cannot be used). The function comes from the runtime that
// `-sanitize=fuzzer` links; see llvm/compiler-rt/lib/fuzzer/FuzzerInterface.h.
#ifndef PATCHBAY_CLIBFUZZER_H
#define PATCHBAY_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
