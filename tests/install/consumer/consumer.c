/* A consumer of the installed package: Apple-style code through the compat headers the target
 * (or pkg-config) puts on the include path. */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>

int main(void) {
  static const UInt8 bytes[] = "hello";
  CFReadStreamRef stream = CFReadStreamCreateWithBytesNoCopy(NULL, bytes, 5, kCFAllocatorNull);
  UInt8 buffer[8];
  CFIndex count = CFReadStreamOpen(stream) ? CFReadStreamRead(stream, buffer, sizeof buffer) : -1;
  printf("consumer: %ld bytes through CFReadStream\n", (long)count);
  CFRelease(stream);
  return count == 5 ? 0 : 1;
}
