/* Plain C11 against the compat headers, with the enum values of Apple's headers pinned. */
#include "apple_style.h"
#include "cfnetwork_style.h"

_Static_assert(kCFStreamStatusNotOpen == 0 && kCFStreamStatusOpening == 1 &&
                   kCFStreamStatusOpen == 2 && kCFStreamStatusReading == 3 &&
                   kCFStreamStatusWriting == 4 && kCFStreamStatusAtEnd == 5 &&
                   kCFStreamStatusClosed == 6 && kCFStreamStatusError == 7,
               "CFStreamStatus");
_Static_assert(kCFStreamEventNone == 0 && kCFStreamEventOpenCompleted == 1 &&
                   kCFStreamEventHasBytesAvailable == 2 && kCFStreamEventCanAcceptBytes == 4 &&
                   kCFStreamEventErrorOccurred == 8 && kCFStreamEventEndEncountered == 16,
               "CFStreamEventType");
_Static_assert(kCFStreamErrorDomainCustom == -1 && kCFStreamErrorDomainPOSIX == 1 &&
                   kCFStreamErrorDomainMacOSStatus == 2,
               "CFStreamErrorDomain");
_Static_assert(kCFNumberSInt8Type == 1 && kCFNumberFloat64Type == 6 && kCFNumberCharType == 7 &&
                   kCFNumberLongLongType == 11 && kCFNumberCGFloatType == 16,
               "CFNumberType");
_Static_assert(kCFStringEncodingUTF8 == 0x08000100 && kCFStringEncodingASCII == 0x0600 &&
                   kCFStringEncodingISOLatin1 == 0x0201,
               "CFStringEncoding");
_Static_assert(kCFCompareLessThan == -1 && kCFCompareEqualTo == 0 && kCFCompareGreaterThan == 1,
               "CFComparisonResult");
_Static_assert(kCFURLPOSIXPathStyle == 0 && kCFURLWindowsPathStyle == 2, "CFURLPathStyle");
_Static_assert(kCFRunLoopRunFinished == 1 && kCFRunLoopRunStopped == 2 &&
                   kCFRunLoopRunTimedOut == 3 && kCFRunLoopRunHandledSource == 4,
               "CFRunLoopRunResult");
_Static_assert(sizeof(CFRunLoopSourceContext) == 10 * sizeof(void *), "CFRunLoopSourceContext");
_Static_assert(sizeof(Boolean) == 1, "Boolean is one byte");
_Static_assert(sizeof(CFIndex) == sizeof(void *), "CFIndex is pointer-sized (LP64 and LLP64)");
_Static_assert(sizeof(CFStreamClientContext) == 5 * sizeof(void *), "CFStreamClientContext");
_Static_assert(offsetof(CFStreamClientContext, copyDescription) == 4 * sizeof(void *),
               "CFStreamClientContext layout");
_Static_assert(sizeof(CFStreamError) == 2 * sizeof(CFIndex), "CFStreamError");

int main(int argc, char **argv) {
  run_cfnetwork_style_checks();
  return run_apple_style_checks(argc > 1 ? argv[1] : ".");
}
