#ifndef CJSONSCAN_H
#define CJSONSCAN_H

#include <stdint.h>

/* Sixteen bytes at a time for the JSON parser's hot loops, in SSE2 (every x86-64 has it). The functions are
 * `static inline`: Swift imports them into the calling module, where they are inlined like its own code. The
 * parser calls them on x86-64 only (`#if arch(x86_64)`); elsewhere it keeps to its eight-byte steps. */
#if defined(__SSE2__)
#include <emmintrin.h>

/* Bit k is set when byte k of the 16 at `p` ends a plain run in a JSON string: a quote, a backslash, a control
 * byte (below 0x20) or any byte from 0x80 (a multi-byte sequence to check). A signed compare with 0x20 finds the
 * last two at once: bytes from 0x80 are negative. */
static inline __attribute__((always_inline)) uint32_t cjsonscan_string_stops16(const uint8_t *p) {
    __m128i bytes = _mm_loadu_si128((const __m128i *)p);
    __m128i quotes = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
    __m128i backslashes = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
    __m128i others = _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20));
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quotes, backslashes), others));
}
#endif

#endif
