/* OpenCFStream demo: Apple-style CoreFoundation stream code, compiled unchanged against the
 * compat headers. It copies a message through a bound pair, a memory stream and a file stream and
 * prints every step. (The STARTTLS-through-a-proxy demo replaces this once TLS lands.) */
#include <stdio.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>

static const char *status_name(CFStreamStatus status) {
  static const char *const names[] = {"NotOpen", "Opening", "Open",   "Reading",
                                      "Writing", "AtEnd",   "Closed", "Error"};
  return status >= 0 && status <= 7 ? names[status] : "?";
}

static void print_error(const char *what, CFErrorRef error) {
  CFStringRef description = CFErrorCopyDescription(error);
  char text[256];
  CFStringGetCString(description, text, sizeof text, kCFStringEncodingUTF8);
  printf("  %s: %s (domain %s, code %ld)\n", what, text,
         CFStringGetCStringPtr(CFErrorGetDomain(error), kCFStringEncodingUTF8),
         (long)CFErrorGetCode(error));
  CFRelease(description);
}

static int bound_pair_step(const UInt8 *message, CFIndex length) {
  CFReadStreamRef reader = NULL;
  CFWriteStreamRef writer = NULL;
  CFStreamCreateBoundPair(kCFAllocatorDefault, &reader, &writer, 16);
  CFReadStreamOpen(reader);
  CFWriteStreamOpen(writer);
  printf("1. bound pair (16-byte buffer): reader %s, writer %s\n",
         status_name(CFReadStreamGetStatus(reader)), status_name(CFWriteStreamGetStatus(writer)));
  CFIndex written = CFWriteStreamWrite(writer, message, length);
  UInt8 buffer[64];
  CFIndex read = CFReadStreamRead(reader, buffer, sizeof buffer);
  printf("   wrote %ld of %ld bytes, read back %ld: \"%.*s\"\n", (long)written, (long)length,
         (long)read, (int)read, buffer);
  CFWriteStreamClose(writer);
  read = CFReadStreamRead(reader, buffer, sizeof buffer);
  printf("   writer closed: next read returns %ld, reader is %s\n", (long)read,
         status_name(CFReadStreamGetStatus(reader)));
  CFRelease(reader);
  CFRelease(writer);
  return written > 0 ? 0 : 1;
}

static int memory_and_file_step(const UInt8 *message, CFIndex length, const char *path) {
  CFStringRef path_string = CFStringCreateWithCString(NULL, path, kCFStringEncodingUTF8);
  CFURLRef url = CFURLCreateWithFileSystemPath(NULL, path_string, kCFURLPOSIXPathStyle, false);
  CFWriteStreamRef file_out = CFWriteStreamCreateWithFile(NULL, url);
  CFWriteStreamOpen(file_out);
  CFIndex written = CFWriteStreamWrite(file_out, message, length);
  CFWriteStreamClose(file_out);
  printf("2. file stream: wrote %ld bytes to %s\n", (long)written, path);

  CFReadStreamRef file_in = CFReadStreamCreateWithFile(NULL, url);
  CFWriteStreamRef memory = CFWriteStreamCreateWithAllocatedBuffers(NULL, NULL);
  CFReadStreamOpen(file_in);
  CFWriteStreamOpen(memory);
  UInt8 buffer[8];
  CFIndex count;
  while ((count = CFReadStreamRead(file_in, buffer, sizeof buffer)) > 0) {
    CFWriteStreamWrite(memory, buffer, count);
  }
  CFDataRef copied = (CFDataRef)CFWriteStreamCopyProperty(memory, kCFStreamPropertyDataWritten);
  printf("3. memory stream: copied the file in 8-byte reads, %ld bytes: \"%.*s\" (file is %s)\n",
         (long)CFDataGetLength(copied), (int)CFDataGetLength(copied), CFDataGetBytePtr(copied),
         status_name(CFReadStreamGetStatus(file_in)));
  int ok =
      CFDataGetLength(copied) == length && memcmp(CFDataGetBytePtr(copied), message, length) == 0;
  CFRelease(copied);
  CFRelease(memory);
  CFRelease(file_in);
  CFRelease(file_out);

  CFStringRef missing_path = CFSTR("/nonexistent-directory/file");
  CFURLRef missing = CFURLCreateWithFileSystemPath(NULL, missing_path, kCFURLPOSIXPathStyle, false);
  CFReadStreamRef failing = CFReadStreamCreateWithFile(NULL, missing);
  Boolean opened = CFReadStreamOpen(failing);
  CFErrorRef error = CFReadStreamCopyError(failing);
  printf("4. opening a missing file: Open returns %s, status %s\n", opened ? "TRUE" : "FALSE",
         status_name(CFReadStreamGetStatus(failing)));
  print_error("error", error);
  CFRelease(error);
  CFRelease(failing);
  CFRelease(missing);
  CFRelease(url);
  CFRelease(path_string);
  remove(path);
  return ok ? 0 : 1;
}

int main(void) {
  static const char message[] = "Hello from OpenCFStream";
  const CFIndex length = (CFIndex)strlen(message);
  printf("OpenCFStream %s demo: Apple-style CFStream code on this platform\n",
         ocfs_version_string());
  int failures = bound_pair_step((const UInt8 *)message, length);
  failures += memory_and_file_step((const UInt8 *)message, length, "ocfs-demo.txt");
  if (failures == 0) {
    printf("demo: all steps succeeded\n");
  } else {
    printf("demo: %d step(s) failed\n", failures);
  }
  return failures == 0 ? 0 : 1;
}
