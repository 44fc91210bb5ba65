/* Row 1's floor: what every libcurl client pays before it sends a byte (start a process, load libcurl and the
 * libraries it needs, curl_global_init). bench/run.sh builds it twice: with libcurl only (what curl links) and
 * with libstdc++ and libm added (what a Swift executable links besides). */
#include <curl/curl.h>

int main(void) {
    return curl_global_init(CURL_GLOBAL_ALL) == CURLE_OK ? 0 : 1;
}
