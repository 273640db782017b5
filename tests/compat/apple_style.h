/* Shared by the C and C++ compat programs: a tiny check harness and the Apple-style scenarios,
 * written the way Apple CoreFoundation code is written (only Apple names). */
#ifndef OCFS_TESTS_COMPAT_APPLE_STYLE_H
#define OCFS_TESTS_COMPAT_APPLE_STYLE_H

#include <stdio.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>

static int g_failures = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (!(condition)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      ++g_failures;                                                                 \
    }                                                                               \
  } while (0)

/* File-scope constant strings, as Apple C code declares its keys. */
static CFStringRef const kGreetingKey = CFSTR("greeting");
static CFStringRef const kCountKey = CFSTR("count");

static void check_strings_and_dictionaries(void) {
  char buffer[64];
  int count = 3;
  CFNumberRef number = CFNumberCreate(kCFAllocatorDefault, kCFNumberIntType, &count);
  const void *keys[] = {kGreetingKey, kCountKey};
  const void *values[] = {CFSTR("hello"), number};
  CFDictionaryRef dictionary =
      CFDictionaryCreate(kCFAllocatorDefault, keys, values, 2, &kCFTypeDictionaryKeyCallBacks,
                         &kCFTypeDictionaryValueCallBacks);
  CFStringRef literal_key = CFStringCreateWithCString(NULL, "greeting", kCFStringEncodingUTF8);
  CFStringRef greeting = (CFStringRef)CFDictionaryGetValue(dictionary, literal_key);
  CHECK(greeting != NULL && CFEqual(greeting, CFSTR("hello")));
  CHECK(CFStringGetCString(greeting, buffer, sizeof buffer, kCFStringEncodingUTF8));
  CHECK(strcmp(buffer, "hello") == 0);
  CHECK(CFGetTypeID(number) == CFNumberGetTypeID());
  CHECK(CFDictionaryGetCount(dictionary) == 2);

  CFStringRef formatted = CFStringCreateWithFormat(NULL, NULL, CFSTR("%@ x%d"), greeting, count);
  CHECK(CFStringGetCString(formatted, buffer, sizeof buffer, kCFStringEncodingUTF8));
  CHECK(strcmp(buffer, "hello x3") == 0);
  CHECK(CFStringGetLength(CFSTR("caf\xc3\xa9")) == 4);

  CFMutableDictionaryRef settings = CFDictionaryCreateMutable(
      NULL, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
  CFDictionarySetValue(settings, CFSTR("kCFStreamSSLValidatesCertificateChain"), kCFBooleanFalse);
  CHECK(CFDictionaryGetValue(settings, CFSTR("kCFStreamSSLValidatesCertificateChain")) ==
        kCFBooleanFalse);
  CHECK(!CFBooleanGetValue((CFBooleanRef)CFDictionaryGetValue(
      settings, CFSTR("kCFStreamSSLValidatesCertificateChain"))));
  CFRelease(settings);
  CFRelease(formatted);
  CFRelease(literal_key);
  CFRelease(dictionary);
  CFRelease(number);
}

static void check_memory_streams(void) {
  static const UInt8 message[] = "ping";
  CFReadStreamRef reader =
      CFReadStreamCreateWithBytesNoCopy(kCFAllocatorDefault, message, 4, kCFAllocatorNull);
  CFWriteStreamRef writer = CFWriteStreamCreateWithAllocatedBuffers(kCFAllocatorDefault, NULL);
  CHECK(CFReadStreamOpen(reader) && CFWriteStreamOpen(writer));
  UInt8 buffer[16];
  CFIndex count = CFReadStreamRead(reader, buffer, sizeof buffer);
  CHECK(count == 4);
  CHECK(CFReadStreamGetStatus(reader) == kCFStreamStatusAtEnd);
  CHECK(CFWriteStreamWrite(writer, buffer, count) == 4);
  CFDataRef written = (CFDataRef)CFWriteStreamCopyProperty(writer, kCFStreamPropertyDataWritten);
  CHECK(written != NULL && CFDataGetLength(written) == 4);
  CHECK(memcmp(CFDataGetBytePtr(written), "ping", 4) == 0);
  CFRelease(written);
  CFReadStreamClose(reader);
  CFWriteStreamClose(writer);
  CHECK(CFReadStreamGetStatus(reader) == kCFStreamStatusClosed);
  CFRelease(reader);
  CFRelease(writer);
}

static void check_file_streams(const char *directory) {
  char path[1024];
  snprintf(path, sizeof path, "%s/compat-file.txt", directory);
  CFStringRef path_string = CFStringCreateWithCString(NULL, path, kCFStringEncodingUTF8);
  CFURLRef url = CFURLCreateWithFileSystemPath(NULL, path_string, kCFURLPOSIXPathStyle, false);
  CFWriteStreamRef out = CFWriteStreamCreateWithFile(NULL, url);
  CHECK(CFWriteStreamOpen(out));
  CHECK(CFWriteStreamWrite(out, (const UInt8 *)"file data", 9) == 9);
  CFWriteStreamClose(out);
  CFReadStreamRef in = CFReadStreamCreateWithFile(NULL, url);
  SInt64 offset = 5;
  CFNumberRef offset_number = CFNumberCreate(NULL, kCFNumberSInt64Type, &offset);
  CHECK(CFReadStreamSetProperty(in, kCFStreamPropertyFileCurrentOffset, offset_number));
  CHECK(CFReadStreamOpen(in));
  UInt8 buffer[16];
  CHECK(CFReadStreamRead(in, buffer, sizeof buffer) == 4);
  CHECK(memcmp(buffer, "data", 4) == 0);
  CFRelease(offset_number);
  CFRelease(in);
  CFRelease(out);
  CFRelease(url);
  CFRelease(path_string);
  remove(path);

  CFURLRef missing = CFURLCreateWithFileSystemPath(NULL, CFSTR("/nonexistent-ocfs/x"),
                                                   kCFURLPOSIXPathStyle, false);
  CFReadStreamRef failing = CFReadStreamCreateWithFile(NULL, missing);
  CHECK(!CFReadStreamOpen(failing));
  CFStreamError stream_error = CFReadStreamGetError(failing);
  CHECK(stream_error.domain == kCFStreamErrorDomainPOSIX && stream_error.error == 2);
  CFErrorRef error = CFReadStreamCopyError(failing);
  CHECK(error != NULL && CFEqual(CFErrorGetDomain(error), kCFErrorDomainPOSIX));
  CHECK(CFErrorGetCode(error) == 2);
  CFRelease(error);
  CFRelease(failing);
  CFRelease(missing);
}

static void check_bound_pair(void) {
  CFReadStreamRef reader = NULL;
  CFWriteStreamRef writer = NULL;
  CFStreamCreateBoundPair(kCFAllocatorDefault, &reader, &writer, 32);
  CHECK(reader != NULL && writer != NULL);
  CHECK(CFReadStreamOpen(reader) && CFWriteStreamOpen(writer));
  CHECK(CFWriteStreamWrite(writer, (const UInt8 *)"abc", 3) == 3);
  CHECK(CFReadStreamHasBytesAvailable(reader));
  UInt8 buffer[8];
  CHECK(CFReadStreamRead(reader, buffer, sizeof buffer) == 3);
  CFRelease(reader);
  CFRelease(writer);
}

/* The NSStream-delegate pattern in CF: a client callback, the stream scheduled on the current run
 * loop, the run loop driven until the end. */
typedef struct {
  CFStreamEventType seen[8];
  int count;
  UInt8 received[16];
  CFIndex received_length;
} EventLog;

static void on_stream_event(CFReadStreamRef stream, CFStreamEventType type, void *info) {
  EventLog *log = (EventLog *)info;
  if (log->count < 8) log->seen[log->count++] = type;
  if (type == kCFStreamEventHasBytesAvailable) {
    CFIndex n = CFReadStreamRead(stream, log->received + log->received_length,
                                 (CFIndex)sizeof log->received - log->received_length);
    if (n > 0) log->received_length += n;
  }
  if (type == kCFStreamEventEndEncountered) {
    CFReadStreamUnscheduleFromRunLoop(stream, CFRunLoopGetCurrent(), kCFRunLoopCommonModes);
    CFRunLoopStop(CFRunLoopGetCurrent());
  }
}

static void check_run_loop_events(void) {
  static const UInt8 message[] = "event";
  EventLog log = {{0}, 0, {0}, 0};
  CFStreamClientContext context = {0, &log, NULL, NULL, NULL};
  CFReadStreamRef stream = CFReadStreamCreateWithBytesNoCopy(NULL, message, 5, kCFAllocatorNull);
  CHECK(CFReadStreamSetClient(stream,
                              kCFStreamEventOpenCompleted | kCFStreamEventHasBytesAvailable |
                                  kCFStreamEventErrorOccurred | kCFStreamEventEndEncountered,
                              on_stream_event, &context));
  CFReadStreamScheduleWithRunLoop(stream, CFRunLoopGetCurrent(), kCFRunLoopCommonModes);
  CHECK(CFReadStreamOpen(stream));
  CFRunLoopRunResult result = CFRunLoopRunInMode(kCFRunLoopDefaultMode, 5, false);
  CHECK(result == kCFRunLoopRunStopped);
  CHECK(log.count == 3);
  CHECK(log.seen[0] == kCFStreamEventOpenCompleted);
  CHECK(log.seen[1] == kCFStreamEventHasBytesAvailable);
  CHECK(log.seen[2] == kCFStreamEventEndEncountered);
  CHECK(log.received_length == 5 && memcmp(log.received, "event", 5) == 0);
  CFReadStreamClose(stream);
  CFRelease(stream);
}

static int run_apple_style_checks(const char *directory) {
  check_strings_and_dictionaries();
  check_memory_streams();
  check_file_streams(directory);
  check_bound_pair();
  check_run_loop_events();
  if (g_failures == 0) printf("compat: all checks passed\n");
  return g_failures == 0 ? 0 : 1;
}

#endif /* OCFS_TESTS_COMPAT_APPLE_STYLE_H */
