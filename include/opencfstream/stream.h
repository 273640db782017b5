/* OpenCFStream: read and write streams (CFReadStream / CFWriteStream).
 *
 * Every stream kind (memory, file, bound pair, and later sockets) runs through one generic core
 * with Apple's status machine:
 *
 *   NOT_OPEN --open--> OPENING --done--> OPEN <--> READING / WRITING (only inside read / write)
 *                         |                |--(end of data / fixed buffer full)--> AT_END
 *                         '--(failure)-----'--(I/O error)--> ERROR
 *   any status but NOT_OPEN --close--> CLOSED
 *
 * ERROR and CLOSED are sticky; streams are one-shot and cannot be reopened. Return conventions are
 * Apple's: read returns >0 bytes, 0 at end of stream, -1 on error or when not open; write returns
 * >0, 0 when a fixed-capacity stream is full, -1 on error or when not open. */
#ifndef OPENCFSTREAM_STREAM_H
#define OPENCFSTREAM_STREAM_H

#include "base.h"
#include "error.h"
#include "run_loop.h"
#include "data.h"
#include "url.h"

OCFS_EXTERN_C_BEGIN

typedef struct ocfs_read_stream *ocfs_read_stream_ref;
typedef struct ocfs_write_stream *ocfs_write_stream_ref;

typedef ocfs_index ocfs_stream_status;
enum {
  OCFS_STREAM_STATUS_NOT_OPEN = 0,
  OCFS_STREAM_STATUS_OPENING = 1,
  OCFS_STREAM_STATUS_OPEN = 2,
  OCFS_STREAM_STATUS_READING = 3,
  OCFS_STREAM_STATUS_WRITING = 4,
  OCFS_STREAM_STATUS_AT_END = 5,
  OCFS_STREAM_STATUS_CLOSED = 6,
  OCFS_STREAM_STATUS_ERROR = 7
};

typedef ocfs_option_flags ocfs_stream_event_type;
enum {
  OCFS_STREAM_EVENT_NONE = 0,
  OCFS_STREAM_EVENT_OPEN_COMPLETED = 1,
  OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE = 2,
  OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES = 4,
  OCFS_STREAM_EVENT_ERROR_OCCURRED = 8,
  OCFS_STREAM_EVENT_END_ENCOUNTERED = 16
};

typedef ocfs_index ocfs_stream_error_domain;
enum {
  OCFS_STREAM_ERROR_DOMAIN_CUSTOM = -1,
  OCFS_STREAM_ERROR_DOMAIN_POSIX = 1,
  OCFS_STREAM_ERROR_DOMAIN_MACOS_STATUS = 2
};

/* Same layout as CFStreamError. */
typedef struct ocfs_stream_error {
  ocfs_index domain;
  int32_t error;
} ocfs_stream_error;

/* Same layout as CFStreamClientContext. */
typedef struct ocfs_stream_client_context {
  ocfs_index version; /* must be 0 */
  void *info;
  void *(*retain)(void *info);
  void (*release)(void *info);
  ocfs_string_ref (*copyDescription)(void *info); /* Apple's field name */
} ocfs_stream_client_context;

typedef void (*ocfs_read_stream_client_callback)(ocfs_read_stream_ref stream,
                                                 ocfs_stream_event_type type, void *info);
typedef void (*ocfs_write_stream_client_callback)(ocfs_write_stream_ref stream,
                                                  ocfs_stream_event_type type, void *info);

/* Property keys (string values equal Apple's). */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_data_written;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_append_to_file;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_file_current_offset;

OCFS_EXPORT ocfs_type_id ocfs_read_stream_get_type_id(void);
OCFS_EXPORT ocfs_type_id ocfs_write_stream_get_type_id(void);

/* ---- Memory, file and bound-pair streams ---------------------------------------------------- */

/* Reads `length` bytes in place; frees them with `bytes_deallocator` when the stream goes
 * (ocfs_allocator_null: never). NULL for a negative length or NULL bytes with a positive length. */
OCFS_EXPORT ocfs_read_stream_ref
ocfs_read_stream_create_with_bytes_no_copy(ocfs_allocator_ref allocator, const uint8_t *bytes,
                                           ocfs_index length, ocfs_allocator_ref bytes_deallocator);
/* Reads the bytes of `data` (retained, not copied). Apple exports this as SPI. */
OCFS_EXPORT ocfs_read_stream_ref ocfs_read_stream_create_with_data(ocfs_allocator_ref allocator,
                                                                   ocfs_data_ref data);
/* Writes into the caller's fixed buffer of `capacity` bytes. */
OCFS_EXPORT ocfs_write_stream_ref ocfs_write_stream_create_with_buffer(ocfs_allocator_ref allocator,
                                                                       uint8_t *buffer,
                                                                       ocfs_index capacity);
/* Writes into growing memory; ocfs_stream_property_data_written returns a copy. */
OCFS_EXPORT ocfs_write_stream_ref ocfs_write_stream_create_with_allocated_buffers(
    ocfs_allocator_ref allocator, ocfs_allocator_ref buffer_allocator);
/* The file is opened by ocfs_*_stream_open, not here. NULL for NULL or a non-file URL. */
OCFS_EXPORT ocfs_read_stream_ref ocfs_read_stream_create_with_file(ocfs_allocator_ref allocator,
                                                                   ocfs_url_ref file_url);
OCFS_EXPORT ocfs_write_stream_ref ocfs_write_stream_create_with_file(ocfs_allocator_ref allocator,
                                                                     ocfs_url_ref file_url);
/* Two streams joined by a buffer of `transfer_buffer_size` bytes: what is written to one is read
 * from the other. Either out-pointer may be NULL; on failure both are set to NULL. */
OCFS_EXPORT void ocfs_stream_create_bound_pair(ocfs_allocator_ref allocator,
                                               ocfs_read_stream_ref *read_stream,
                                               ocfs_write_stream_ref *write_stream,
                                               ocfs_index transfer_buffer_size);

/* ---- Read streams ---------------------------------------------------------------------------- */

OCFS_EXPORT ocfs_stream_status ocfs_read_stream_get_status(ocfs_read_stream_ref stream);
/* +1, NULL when there is no error. */
OCFS_EXPORT ocfs_error_ref ocfs_read_stream_copy_error(ocfs_read_stream_ref stream);
/* {0, 0} when there is no error. */
OCFS_EXPORT ocfs_stream_error ocfs_read_stream_get_error(ocfs_read_stream_ref stream);
OCFS_EXPORT ocfs_bool ocfs_read_stream_open(ocfs_read_stream_ref stream);
OCFS_EXPORT void ocfs_read_stream_close(ocfs_read_stream_ref stream);
OCFS_EXPORT ocfs_bool ocfs_read_stream_has_bytes_available(ocfs_read_stream_ref stream);
OCFS_EXPORT ocfs_index ocfs_read_stream_read(ocfs_read_stream_ref stream, uint8_t *buffer,
                                             ocfs_index buffer_length);
/* A pointer into the stream's own buffer, valid until the next call on the stream; the bytes
 * count as read. NULL with *bytes_read 0 when the stream kind has no buffer (use read) or at end,
 * NULL with *bytes_read -1 on error. */
OCFS_EXPORT const uint8_t *ocfs_read_stream_get_buffer(ocfs_read_stream_ref stream,
                                                       ocfs_index max_bytes_to_read,
                                                       ocfs_index *bytes_read);
/* +1 or NULL when the key is unknown or has no value yet. */
OCFS_EXPORT ocfs_type_ref ocfs_read_stream_copy_property(ocfs_read_stream_ref stream,
                                                         ocfs_string_ref key);
/* True only if the stream kind knows the key and accepted the value. */
OCFS_EXPORT ocfs_bool ocfs_read_stream_set_property(ocfs_read_stream_ref stream,
                                                    ocfs_string_ref key, ocfs_type_ref value);

/* ---- Write streams --------------------------------------------------------------------------- */

OCFS_EXPORT ocfs_stream_status ocfs_write_stream_get_status(ocfs_write_stream_ref stream);
OCFS_EXPORT ocfs_error_ref ocfs_write_stream_copy_error(ocfs_write_stream_ref stream);
OCFS_EXPORT ocfs_stream_error ocfs_write_stream_get_error(ocfs_write_stream_ref stream);
OCFS_EXPORT ocfs_bool ocfs_write_stream_open(ocfs_write_stream_ref stream);
OCFS_EXPORT void ocfs_write_stream_close(ocfs_write_stream_ref stream);
OCFS_EXPORT ocfs_bool ocfs_write_stream_can_accept_bytes(ocfs_write_stream_ref stream);
OCFS_EXPORT ocfs_index ocfs_write_stream_write(ocfs_write_stream_ref stream, const uint8_t *buffer,
                                               ocfs_index buffer_length);
OCFS_EXPORT ocfs_type_ref ocfs_write_stream_copy_property(ocfs_write_stream_ref stream,
                                                          ocfs_string_ref key);
OCFS_EXPORT ocfs_bool ocfs_write_stream_set_property(ocfs_write_stream_ref stream,
                                                     ocfs_string_ref key, ocfs_type_ref value);

/* ---- Asynchronous clients -------------------------------------------------------------------- */

/* Registers the client. A NULL callback, a NULL context or an empty event mask removes it (and
 * returns true). The context is copied and its info retained through its own retain callback;
 * the previous client's info is released. A read stream ignores CAN_ACCEPT_BYTES in the mask and
 * a write stream HAS_BYTES_AVAILABLE.
 *
 * Events reach the client only while the stream is scheduled on a run loop, on that run loop's
 * thread: pending events coalesce and are delivered lowest bit first; a read clears
 * HAS_BYTES_AVAILABLE and a write CAN_ACCEPT_BYTES until new bytes or space appear; the client is
 * never re-entered; after close, the last unschedule or removing the client returns, no callback
 * runs (from another thread these calls wait for a callback in progress). */
OCFS_EXPORT ocfs_bool ocfs_read_stream_set_client(ocfs_read_stream_ref stream,
                                                  ocfs_option_flags events,
                                                  ocfs_read_stream_client_callback callback,
                                                  ocfs_stream_client_context *context);
OCFS_EXPORT ocfs_bool ocfs_write_stream_set_client(ocfs_write_stream_ref stream,
                                                   ocfs_option_flags events,
                                                   ocfs_write_stream_client_callback callback,
                                                   ocfs_stream_client_context *context);

/* Schedules the stream's events on `run_loop` in `mode` (ocfs_run_loop_common_modes for all common
 * modes); several run loops and modes may be used at once. A scheduled stream stays alive until it
 * is unscheduled or closed. Scheduling a closed stream does nothing. */
OCFS_EXPORT void ocfs_read_stream_schedule_with_run_loop(ocfs_read_stream_ref stream,
                                                         ocfs_run_loop_ref run_loop,
                                                         ocfs_run_loop_mode mode);
OCFS_EXPORT void ocfs_read_stream_unschedule_from_run_loop(ocfs_read_stream_ref stream,
                                                           ocfs_run_loop_ref run_loop,
                                                           ocfs_run_loop_mode mode);
OCFS_EXPORT void ocfs_write_stream_schedule_with_run_loop(ocfs_write_stream_ref stream,
                                                          ocfs_run_loop_ref run_loop,
                                                          ocfs_run_loop_mode mode);
OCFS_EXPORT void ocfs_write_stream_unschedule_from_run_loop(ocfs_write_stream_ref stream,
                                                            ocfs_run_loop_ref run_loop,
                                                            ocfs_run_loop_mode mode);

/* Private keys apps pass for blocking calls: a CFNumber of seconds a blocked read or write waits
 * before failing with {POSIX, ETIMEDOUT}; default 75, 0 = forever. Every stream kind accepts them.
 */
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_read_timeout;
OCFS_EXPORT extern const ocfs_string_ref ocfs_stream_property_write_timeout;

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_STREAM_H */
