// The public ocfs_read_stream_* / ocfs_write_stream_* entry points: type checks, then the core.
// A reference of the wrong type (or NULL) gets the failure value of each function, never a crash.
#include "cf/string.hpp"
#include "stream/stream.hpp"

using ocfs::stream::Stream;

namespace {

Stream *read_stream(ocfs_read_stream_ref stream) {
  return ocfs::cf::as<ocfs_read_stream>(stream);
}

Stream *write_stream(ocfs_write_stream_ref stream) {
  return ocfs::cf::as<ocfs_write_stream>(stream);
}

constexpr ocfs_stream_error kNoError = {0, 0};

}  // namespace

extern "C" {

const ocfs_string_ref ocfs_stream_property_data_written = OCFS_STR("kCFStreamPropertyDataWritten");
const ocfs_string_ref ocfs_stream_property_append_to_file =
    OCFS_STR("kCFStreamPropertyAppendToFile");
const ocfs_string_ref ocfs_stream_property_file_current_offset =
    OCFS_STR("kCFStreamPropertyFileCurrentOffset");

const ocfs_string_ref ocfs_stream_property_read_timeout = OCFS_STR("_kCFStreamPropertyReadTimeout");
const ocfs_string_ref ocfs_stream_property_write_timeout =
    OCFS_STR("_kCFStreamPropertyWriteTimeout");

ocfs_type_id ocfs_read_stream_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kReadStream);
}

ocfs_type_id ocfs_write_stream_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kWriteStream);
}

ocfs_stream_status ocfs_read_stream_get_status(ocfs_read_stream_ref stream) {
  Stream *s = read_stream(stream);
  return s != nullptr ? s->status() : ocfs_stream_status{OCFS_STREAM_STATUS_ERROR};
}

ocfs_error_ref ocfs_read_stream_copy_error(ocfs_read_stream_ref stream) {
  Stream *s = read_stream(stream);
  return s != nullptr ? s->copy_error() : nullptr;
}

ocfs_stream_error ocfs_read_stream_get_error(ocfs_read_stream_ref stream) {
  Stream *s = read_stream(stream);
  return s != nullptr ? s->stream_error() : kNoError;
}

ocfs_bool ocfs_read_stream_open(ocfs_read_stream_ref stream) {
  Stream *s = read_stream(stream);
  return s != nullptr && s->open();
}

void ocfs_read_stream_close(ocfs_read_stream_ref stream) {
  if (Stream *s = read_stream(stream)) s->close();
}

ocfs_bool ocfs_read_stream_has_bytes_available(ocfs_read_stream_ref stream) {
  Stream *s = read_stream(stream);
  return s != nullptr && s->has_bytes_available();
}

ocfs_index ocfs_read_stream_read(ocfs_read_stream_ref stream, uint8_t *buffer,
                                 ocfs_index buffer_length) {
  Stream *s = read_stream(stream);
  return s != nullptr ? s->read(buffer, buffer_length) : -1;
}

const uint8_t *ocfs_read_stream_get_buffer(ocfs_read_stream_ref stream,
                                           ocfs_index max_bytes_to_read, ocfs_index *bytes_read) {
  Stream *s = read_stream(stream);
  if (s == nullptr) {
    if (bytes_read != nullptr) *bytes_read = -1;
    return nullptr;
  }
  return s->get_buffer(max_bytes_to_read, bytes_read);
}

ocfs_type_ref ocfs_read_stream_copy_property(ocfs_read_stream_ref stream, ocfs_string_ref key) {
  Stream *s = read_stream(stream);
  return s != nullptr ? s->copy_property(key) : nullptr;
}

ocfs_bool ocfs_read_stream_set_property(ocfs_read_stream_ref stream, ocfs_string_ref key,
                                        ocfs_type_ref value) {
  Stream *s = read_stream(stream);
  return s != nullptr && s->set_property(key, value);
}

ocfs_bool ocfs_read_stream_set_client(ocfs_read_stream_ref stream, ocfs_option_flags events,
                                      ocfs_read_stream_client_callback callback,
                                      ocfs_stream_client_context *context) {
  Stream *s = read_stream(stream);
  return s != nullptr &&
         s->set_client(events, reinterpret_cast<ocfs::stream::AnyCallback>(callback), context);
}

ocfs_stream_status ocfs_write_stream_get_status(ocfs_write_stream_ref stream) {
  Stream *s = write_stream(stream);
  return s != nullptr ? s->status() : ocfs_stream_status{OCFS_STREAM_STATUS_ERROR};
}

ocfs_error_ref ocfs_write_stream_copy_error(ocfs_write_stream_ref stream) {
  Stream *s = write_stream(stream);
  return s != nullptr ? s->copy_error() : nullptr;
}

ocfs_stream_error ocfs_write_stream_get_error(ocfs_write_stream_ref stream) {
  Stream *s = write_stream(stream);
  return s != nullptr ? s->stream_error() : kNoError;
}

ocfs_bool ocfs_write_stream_open(ocfs_write_stream_ref stream) {
  Stream *s = write_stream(stream);
  return s != nullptr && s->open();
}

void ocfs_write_stream_close(ocfs_write_stream_ref stream) {
  if (Stream *s = write_stream(stream)) s->close();
}

ocfs_bool ocfs_write_stream_can_accept_bytes(ocfs_write_stream_ref stream) {
  Stream *s = write_stream(stream);
  return s != nullptr && s->can_accept_bytes();
}

ocfs_index ocfs_write_stream_write(ocfs_write_stream_ref stream, const uint8_t *buffer,
                                   ocfs_index buffer_length) {
  Stream *s = write_stream(stream);
  return s != nullptr ? s->write(buffer, buffer_length) : -1;
}

ocfs_type_ref ocfs_write_stream_copy_property(ocfs_write_stream_ref stream, ocfs_string_ref key) {
  Stream *s = write_stream(stream);
  return s != nullptr ? s->copy_property(key) : nullptr;
}

ocfs_bool ocfs_write_stream_set_property(ocfs_write_stream_ref stream, ocfs_string_ref key,
                                         ocfs_type_ref value) {
  Stream *s = write_stream(stream);
  return s != nullptr && s->set_property(key, value);
}

ocfs_bool ocfs_write_stream_set_client(ocfs_write_stream_ref stream, ocfs_option_flags events,
                                       ocfs_write_stream_client_callback callback,
                                       ocfs_stream_client_context *context) {
  Stream *s = write_stream(stream);
  return s != nullptr &&
         s->set_client(events, reinterpret_cast<ocfs::stream::AnyCallback>(callback), context);
}

void ocfs_read_stream_schedule_with_run_loop(ocfs_read_stream_ref stream,
                                             ocfs_run_loop_ref run_loop, ocfs_run_loop_mode mode) {
  if (Stream *s = read_stream(stream)) s->schedule(run_loop, mode);
}

void ocfs_read_stream_unschedule_from_run_loop(ocfs_read_stream_ref stream,
                                               ocfs_run_loop_ref run_loop,
                                               ocfs_run_loop_mode mode) {
  if (Stream *s = read_stream(stream)) s->unschedule(run_loop, mode);
}

void ocfs_write_stream_schedule_with_run_loop(ocfs_write_stream_ref stream,
                                              ocfs_run_loop_ref run_loop, ocfs_run_loop_mode mode) {
  if (Stream *s = write_stream(stream)) s->schedule(run_loop, mode);
}

void ocfs_write_stream_unschedule_from_run_loop(ocfs_write_stream_ref stream,
                                                ocfs_run_loop_ref run_loop,
                                                ocfs_run_loop_mode mode) {
  if (Stream *s = write_stream(stream)) s->unschedule(run_loop, mode);
}

}  // extern "C"
