// The same Apple-style scenarios compiled as C++17, where Apple's CF_ENUM types are real enums.
#include <type_traits>

#include "apple_style.h"
#include "cfnetwork_style.h"

namespace {
// A namespace-scope constant string in C++, as C++ ports of Apple code write them.
CFStringRef const kNamespaceKey = CFSTR("namespace-key");
}  // namespace

static_assert(std::is_enum<CFStreamStatus>::value, "CFStreamStatus is an enum in C++");
static_assert(std::is_same<std::underlying_type<CFStreamStatus>::type, CFIndex>::value,
              "CFStreamStatus has CFIndex underneath");
static_assert(std::is_same<CFStreamEventType, CFOptionFlags>::value, "CF_OPTIONS is the integer");
static_assert(kCFStreamStatusError == 7 && kCFStreamEventEndEncountered == 16, "values");
static_assert(sizeof(CFStreamClientContext) == 5 * sizeof(void *), "CFStreamClientContext");
static_assert(std::is_same<decltype(CFReadStreamGetStatus(nullptr)), CFStreamStatus>::value,
              "GetStatus returns CFStreamStatus");

int main(int argc, char **argv) {
  CHECK(CFEqual(kNamespaceKey, CFSTR("namespace-key")));
  CHECK(CFGetRetainCount(kNamespaceKey) == CFGetRetainCount(CFSTR("other")));  // both immortal
  run_cfnetwork_style_checks();
  return run_apple_style_checks(argc > 1 ? argv[1] : ".");
}
