/* The header's functions are all inline; SwiftPM builds a C target only from a source file. */
#include "CJSONScan.h"
