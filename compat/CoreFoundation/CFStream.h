/* OpenCFStream compat: <CoreFoundation/CFStream.h>. Read and write streams. */
#ifndef OCFS_COMPAT_CFSTREAM_H
#define OCFS_COMPAT_CFSTREAM_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFDictionary.h>
#include <CoreFoundation/CFError.h>
#include <CoreFoundation/CFRunLoop.h>
#include <CoreFoundation/CFSocket.h>
#include <CoreFoundation/CFString.h>
#include <CoreFoundation/CFURL.h>

typedef CF_ENUM(CFIndex, CFStreamStatus) {
  kCFStreamStatusNotOpen = 0,
  kCFStreamStatusOpening = 1,
  kCFStreamStatusOpen = 2,
  kCFStreamStatusReading = 3,
  kCFStreamStatusWriting = 4,
  kCFStreamStatusAtEnd = 5,
  kCFStreamStatusClosed = 6,
  kCFStreamStatusError = 7,
};

typedef CF_OPTIONS(CFOptionFlags, CFStreamEventType) {
  kCFStreamEventNone = 0,
  kCFStreamEventOpenCompleted = 1,
  kCFStreamEventHasBytesAvailable = 2,
  kCFStreamEventCanAcceptBytes = 4,
  kCFStreamEventErrorOccurred = 8,
  kCFStreamEventEndEncountered = 16,
};

typedef CF_ENUM(CFIndex, CFStreamErrorDomain) {
  kCFStreamErrorDomainCustom = -1,
  kCFStreamErrorDomainPOSIX = 1,
  kCFStreamErrorDomainMacOSStatus = 2,
};

typedef ocfs_stream_error CFStreamError; /* { CFIndex domain; SInt32 error; } */
typedef CFStringRef CFStreamPropertyKey;
typedef ocfs_read_stream_ref CFReadStreamRef;
typedef ocfs_write_stream_ref CFWriteStreamRef;
typedef ocfs_stream_client_context
    CFStreamClientContext; /* version, info, retain, release, copyDescription */
typedef void (*CFReadStreamClientCallBack)(CFReadStreamRef stream, CFStreamEventType type,
                                           void *clientCallBackInfo);
typedef void (*CFWriteStreamClientCallBack)(CFWriteStreamRef stream, CFStreamEventType type,
                                            void *clientCallBackInfo);

#define kCFStreamPropertyDataWritten (ocfs_stream_property_data_written)
#define kCFStreamPropertyAppendToFile (ocfs_stream_property_append_to_file)
#define kCFStreamPropertyFileCurrentOffset (ocfs_stream_property_file_current_offset)
/* Private keys used by apps for the blocking timeout (CFNumber seconds; default 75, 0 = forever).
 */
#define _kCFStreamPropertyReadTimeout (ocfs_stream_property_read_timeout)
#define _kCFStreamPropertyWriteTimeout (ocfs_stream_property_write_timeout)

/* Socket stream properties (string values equal the names). */
#define kCFStreamPropertySocketNativeHandle (ocfs_stream_property_socket_native_handle)
#define kCFStreamPropertySocketRemoteHostName (ocfs_stream_property_socket_remote_host_name)
#define kCFStreamPropertySocketRemotePortNumber (ocfs_stream_property_socket_remote_port_number)
#define kCFStreamPropertyShouldCloseNativeSocket (ocfs_stream_property_should_close_native_socket)

/* TLS level (CFString). Set before open, or on an open stream to start TLS on it (STARTTLS). */
#define kCFStreamPropertySocketSecurityLevel (ocfs_stream_property_socket_security_level)
#define kCFStreamSocketSecurityLevelNone (ocfs_stream_socket_security_level_none)
#define kCFStreamSocketSecurityLevelSSLv2 (ocfs_stream_socket_security_level_sslv2)
#define kCFStreamSocketSecurityLevelSSLv3 (ocfs_stream_socket_security_level_sslv3)
#define kCFStreamSocketSecurityLevelTLSv1 (ocfs_stream_socket_security_level_tlsv1)
#define kCFStreamSocketSecurityLevelNegotiatedSSL (ocfs_stream_socket_security_level_negotiated_ssl)

/* Apple declares these two as `extern const int` here, in CoreFoundation's CFStream.h; constant
 * expressions here, so they also work in `case` labels and static assertions. */
#define kCFStreamErrorDomainSOCKS ((int)OCFS_STREAM_ERROR_DOMAIN_SOCKS)
#define kCFStreamErrorDomainSSL ((int)OCFS_STREAM_ERROR_DOMAIN_SSL)

CF_EXTERN_C_BEGIN

CF_INLINE CFTypeID CFReadStreamGetTypeID(void) {
  return (CFTypeID)ocfs_read_stream_get_type_id();
}
CF_INLINE CFTypeID CFWriteStreamGetTypeID(void) {
  return (CFTypeID)ocfs_write_stream_get_type_id();
}
CF_INLINE CFReadStreamRef CFReadStreamCreateWithBytesNoCopy(CFAllocatorRef alloc,
                                                            const UInt8 *bytes, CFIndex length,
                                                            CFAllocatorRef bytesDeallocator) {
  return (CFReadStreamRef)ocfs_read_stream_create_with_bytes_no_copy(alloc, bytes, length,
                                                                     bytesDeallocator);
}
CF_INLINE CFWriteStreamRef CFWriteStreamCreateWithBuffer(CFAllocatorRef alloc, UInt8 *buffer,
                                                         CFIndex bufferCapacity) {
  return (CFWriteStreamRef)ocfs_write_stream_create_with_buffer(alloc, buffer, bufferCapacity);
}
CF_INLINE CFWriteStreamRef CFWriteStreamCreateWithAllocatedBuffers(CFAllocatorRef alloc,
                                                                   CFAllocatorRef bufferAllocator) {
  return (CFWriteStreamRef)ocfs_write_stream_create_with_allocated_buffers(alloc, bufferAllocator);
}
CF_INLINE CFReadStreamRef CFReadStreamCreateWithFile(CFAllocatorRef alloc, CFURLRef fileURL) {
  return (CFReadStreamRef)ocfs_read_stream_create_with_file(alloc, fileURL);
}
CF_INLINE CFWriteStreamRef CFWriteStreamCreateWithFile(CFAllocatorRef alloc, CFURLRef fileURL) {
  return (CFWriteStreamRef)ocfs_write_stream_create_with_file(alloc, fileURL);
}
CF_INLINE void CFStreamCreateBoundPair(CFAllocatorRef alloc, CFReadStreamRef *readStream,
                                       CFWriteStreamRef *writeStream, CFIndex transferBufferSize) {
  ocfs_stream_create_bound_pair(alloc, readStream, writeStream, transferBufferSize);
}
/* Socket streams: the two halves share one connection; either out-pointer may be NULL. */
CF_INLINE void CFStreamCreatePairWithSocket(CFAllocatorRef alloc, CFSocketNativeHandle sock,
                                            CFReadStreamRef *readStream,
                                            CFWriteStreamRef *writeStream) {
  ocfs_stream_create_pair_with_socket(alloc, sock, readStream, writeStream);
}
CF_INLINE void CFStreamCreatePairWithSocketToHost(CFAllocatorRef alloc, CFStringRef host,
                                                  UInt32 port, CFReadStreamRef *readStream,
                                                  CFWriteStreamRef *writeStream) {
  ocfs_stream_create_pair_with_socket_to_host(alloc, host, port, readStream, writeStream);
}
CF_INLINE void CFStreamCreatePairWithPeerSocketSignature(CFAllocatorRef alloc,
                                                         const CFSocketSignature *signature,
                                                         CFReadStreamRef *readStream,
                                                         CFWriteStreamRef *writeStream) {
  ocfs_stream_create_pair_with_peer_socket_signature(alloc, signature, readStream, writeStream);
}

CF_INLINE CFStreamStatus CFReadStreamGetStatus(CFReadStreamRef stream) {
  return (CFStreamStatus)ocfs_read_stream_get_status(stream);
}
CF_INLINE CFStreamStatus CFWriteStreamGetStatus(CFWriteStreamRef stream) {
  return (CFStreamStatus)ocfs_write_stream_get_status(stream);
}
CF_INLINE CFErrorRef CFReadStreamCopyError(CFReadStreamRef stream) {
  return (CFErrorRef)ocfs_read_stream_copy_error(stream);
}
CF_INLINE CFErrorRef CFWriteStreamCopyError(CFWriteStreamRef stream) {
  return (CFErrorRef)ocfs_write_stream_copy_error(stream);
}
CF_INLINE CFStreamError CFReadStreamGetError(CFReadStreamRef stream) {
  return (CFStreamError)ocfs_read_stream_get_error(stream);
}
CF_INLINE CFStreamError CFWriteStreamGetError(CFWriteStreamRef stream) {
  return (CFStreamError)ocfs_write_stream_get_error(stream);
}
CF_INLINE Boolean CFReadStreamOpen(CFReadStreamRef stream) {
  return (Boolean)ocfs_read_stream_open(stream);
}
CF_INLINE Boolean CFWriteStreamOpen(CFWriteStreamRef stream) {
  return (Boolean)ocfs_write_stream_open(stream);
}
CF_INLINE void CFReadStreamClose(CFReadStreamRef stream) {
  ocfs_read_stream_close(stream);
}
CF_INLINE void CFWriteStreamClose(CFWriteStreamRef stream) {
  ocfs_write_stream_close(stream);
}
CF_INLINE Boolean CFReadStreamHasBytesAvailable(CFReadStreamRef stream) {
  return (Boolean)ocfs_read_stream_has_bytes_available(stream);
}
CF_INLINE CFIndex CFReadStreamRead(CFReadStreamRef stream, UInt8 *buffer, CFIndex bufferLength) {
  return (CFIndex)ocfs_read_stream_read(stream, buffer, bufferLength);
}
CF_INLINE const UInt8 *CFReadStreamGetBuffer(CFReadStreamRef stream, CFIndex maxBytesToRead,
                                             CFIndex *numBytesRead) {
  return (const UInt8 *)ocfs_read_stream_get_buffer(stream, maxBytesToRead, numBytesRead);
}
CF_INLINE Boolean CFWriteStreamCanAcceptBytes(CFWriteStreamRef stream) {
  return (Boolean)ocfs_write_stream_can_accept_bytes(stream);
}
CF_INLINE CFIndex CFWriteStreamWrite(CFWriteStreamRef stream, const UInt8 *buffer,
                                     CFIndex bufferLength) {
  return (CFIndex)ocfs_write_stream_write(stream, buffer, bufferLength);
}
CF_INLINE CFTypeRef CFReadStreamCopyProperty(CFReadStreamRef stream,
                                             CFStreamPropertyKey propertyName) {
  return (CFTypeRef)ocfs_read_stream_copy_property(stream, propertyName);
}
CF_INLINE CFTypeRef CFWriteStreamCopyProperty(CFWriteStreamRef stream,
                                              CFStreamPropertyKey propertyName) {
  return (CFTypeRef)ocfs_write_stream_copy_property(stream, propertyName);
}
CF_INLINE Boolean CFReadStreamSetProperty(CFReadStreamRef stream, CFStreamPropertyKey propertyName,
                                          CFTypeRef propertyValue) {
  return (Boolean)ocfs_read_stream_set_property(stream, propertyName, propertyValue);
}
CF_INLINE Boolean CFWriteStreamSetProperty(CFWriteStreamRef stream,
                                           CFStreamPropertyKey propertyName,
                                           CFTypeRef propertyValue) {
  return (Boolean)ocfs_write_stream_set_property(stream, propertyName, propertyValue);
}
CF_INLINE Boolean CFReadStreamSetClient(CFReadStreamRef stream, CFOptionFlags streamEvents,
                                        CFReadStreamClientCallBack clientCB,
                                        CFStreamClientContext *clientContext) {
  return (Boolean)ocfs_read_stream_set_client(stream, streamEvents, clientCB, clientContext);
}
CF_INLINE Boolean CFWriteStreamSetClient(CFWriteStreamRef stream, CFOptionFlags streamEvents,
                                         CFWriteStreamClientCallBack clientCB,
                                         CFStreamClientContext *clientContext) {
  return (Boolean)ocfs_write_stream_set_client(stream, streamEvents, clientCB, clientContext);
}

CF_INLINE void CFReadStreamScheduleWithRunLoop(CFReadStreamRef stream, CFRunLoopRef runLoop,
                                               CFRunLoopMode runLoopMode) {
  ocfs_read_stream_schedule_with_run_loop(stream, runLoop, runLoopMode);
}
CF_INLINE void CFReadStreamUnscheduleFromRunLoop(CFReadStreamRef stream, CFRunLoopRef runLoop,
                                                 CFRunLoopMode runLoopMode) {
  ocfs_read_stream_unschedule_from_run_loop(stream, runLoop, runLoopMode);
}
CF_INLINE void CFWriteStreamScheduleWithRunLoop(CFWriteStreamRef stream, CFRunLoopRef runLoop,
                                                CFRunLoopMode runLoopMode) {
  ocfs_write_stream_schedule_with_run_loop(stream, runLoop, runLoopMode);
}
CF_INLINE void CFWriteStreamUnscheduleFromRunLoop(CFWriteStreamRef stream, CFRunLoopRef runLoop,
                                                  CFRunLoopMode runLoopMode) {
  ocfs_write_stream_unschedule_from_run_loop(stream, runLoop, runLoopMode);
}

CF_EXTERN_C_END

#endif /* OCFS_COMPAT_CFSTREAM_H */
