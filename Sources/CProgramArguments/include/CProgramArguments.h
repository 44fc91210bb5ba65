#ifndef C_PROGRAM_ARGUMENTS_H
#define C_PROGRAM_ARGUMENTS_H

// The program's arguments for Swift's `CommandLine`, taken from the C library at start instead of by the Swift
// runtime's own reading of /proc/self/maps (see arguments.c). Linking this target is all it takes; it declares
// nothing Swift code needs to call.

#endif
