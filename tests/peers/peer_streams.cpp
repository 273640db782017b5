#include "peer_streams.hpp"

#include <cctype>

namespace ocfs_test::peers {

namespace {

template <typename Stream, typename GetError, typename CopyError>
std::string describe(Stream stream, GetError get_error, CopyError copy_error) {
  CFStreamError error = get_error(stream);
  std::string text =
      "{domain " + std::to_string(error.domain) + ", error " + std::to_string(error.error) + "}";
  CF<CFErrorRef> copied(copy_error(stream));
  if (copied.get() != nullptr) {
    CF<CFStringRef> description(CFErrorCopyDescription(copied));
    text += " \"" + utf8(description.get()) + "\"";
  }
  return text;
}

CF<CFNumberRef> seconds(double value) {
  return CF<CFNumberRef>(CFNumberCreate(nullptr, kCFNumberDoubleType, &value));
}

}  // namespace

std::string utf8(CFTypeRef string) {
  if (string == nullptr) return "<null>";
  if (CFGetTypeID(string) != CFStringGetTypeID()) return "<not a string>";
  auto ref = static_cast<CFStringRef>(string);
  CFIndex size = CFStringGetMaximumSizeForEncoding(CFStringGetLength(ref), kCFStringEncodingUTF8);
  std::string text(static_cast<size_t>(size) + 1, '\0');
  if (!CFStringGetCString(ref, text.data(), size + 1, kCFStringEncodingUTF8)) {
    return "<not UTF-8>";
  }
  text.resize(std::char_traits<char>::length(text.c_str()));
  return text;
}

std::string describe_error(CFReadStreamRef in) {
  return describe(in, CFReadStreamGetError, CFReadStreamCopyError);
}

std::string describe_error(CFWriteStreamRef out) {
  return describe(out, CFWriteStreamGetError, CFWriteStreamCopyError);
}

std::string string_property(CFReadStreamRef in, CFStringRef key) {
  CF<CFTypeRef> value(CFReadStreamCopyProperty(in, key));
  return utf8(value.get());
}

std::vector<uint8_t> peer_leaf_certificate(CFReadStreamRef in) {
  CF<CFTypeRef> value(CFReadStreamCopyProperty(in, kCFStreamPropertySSLPeerCertificates));
  if (value.get() == nullptr || CFGetTypeID(value) != CFArrayGetTypeID()) return {};
  auto array = static_cast<CFArrayRef>(value.get());
  if (CFArrayGetCount(array) < 1) return {};
  auto leaf = static_cast<SecCertificateRef>(const_cast<void *>(CFArrayGetValueAtIndex(array, 0)));
  if (leaf == nullptr || CFGetTypeID(leaf) != SecCertificateGetTypeID()) return {};
  CF<CFDataRef> data(SecCertificateCopyData(leaf));
  if (data.get() == nullptr) return {};
  const UInt8 *bytes = CFDataGetBytePtr(data);
  return std::vector<uint8_t>(bytes, bytes + CFDataGetLength(data));
}

CF<CFDictionaryRef> tls_settings(const std::vector<uint8_t> &anchor_der, CFTypeRef peer_name) {
  CF<CFDataRef> anchor(
      CFDataCreate(nullptr, anchor_der.data(), static_cast<CFIndex>(anchor_der.size())));
  const void *anchor_values[] = {anchor.get()};
  CF<CFArrayRef> anchors(CFArrayCreate(nullptr, anchor_values, 1, &kCFTypeArrayCallBacks));
  const void *keys[3] = {kOCFSStreamSSLAnchorCertificates, kOCFSStreamSSLAnchorCertificatesOnly,
                         kCFStreamSSLPeerName};
  const void *values[3] = {anchors.get(), kCFBooleanTrue, peer_name};
  return CF<CFDictionaryRef>(CFDictionaryCreate(nullptr, keys, values, peer_name != nullptr ? 3 : 2,
                                                &kCFTypeDictionaryKeyCallBacks,
                                                &kCFTypeDictionaryValueCallBacks));
}

::testing::AssertionResult open_pair(const char *host, int port, SocketPair *pair) {
  CF<CFStringRef> name(CFStringCreateWithCString(nullptr, host, kCFStringEncodingUTF8));
  CFReadStreamRef in = nullptr;
  CFWriteStreamRef out = nullptr;
  CFStreamCreatePairWithSocketToHost(nullptr, name, static_cast<UInt32>(port), &in, &out);
  pair->in.reset(in);
  pair->out.reset(out);
  if (in == nullptr || out == nullptr) {
    return ::testing::AssertionFailure()
           << "CFStreamCreatePairWithSocketToHost(" << host << ", " << port << ") gave no pair";
  }
  CF<CFNumberRef> timeout = seconds(kBlockingTimeoutSeconds);
  if (!CFReadStreamSetProperty(in, _kCFStreamPropertyReadTimeout, timeout) ||
      !CFWriteStreamSetProperty(out, _kCFStreamPropertyWriteTimeout, timeout)) {
    return ::testing::AssertionFailure() << "setting the blocking timeouts failed";
  }
  if (!CFReadStreamOpen(in)) {
    return ::testing::AssertionFailure() << "CFReadStreamOpen: " << describe_error(in);
  }
  if (!CFWriteStreamOpen(out)) {
    return ::testing::AssertionFailure() << "CFWriteStreamOpen: " << describe_error(out);
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult write_all(CFWriteStreamRef out, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    CFIndex n = CFWriteStreamWrite(out, reinterpret_cast<const UInt8 *>(bytes.data()) + done,
                                   static_cast<CFIndex>(bytes.size() - done));
    if (n <= 0) {
      return ::testing::AssertionFailure()
             << "CFWriteStreamWrite returned " << n << " after " << done << " of " << bytes.size()
             << " bytes, status " << CFWriteStreamGetStatus(out) << ", error "
             << describe_error(out);
    }
    done += static_cast<size_t>(n);
  }
  return ::testing::AssertionSuccess();
}

bool StreamReader::fill(bool *ended, std::string *error) {
  UInt8 chunk[4096];
  CFIndex n = CFReadStreamRead(in_, chunk, sizeof chunk);
  if (n > 0) {
    buffer_.append(reinterpret_cast<const char *>(chunk), static_cast<size_t>(n));
    return true;
  }
  if (n == 0) {
    *ended = true;
  } else {
    *error = "CFReadStreamRead returned " + std::to_string(n) + ", status " +
             std::to_string(CFReadStreamGetStatus(in_)) + ", error " + describe_error(in_);
  }
  return false;
}

::testing::AssertionResult StreamReader::read_until(std::string_view delimiter, std::string *text) {
  for (;;) {
    size_t at = buffer_.find(delimiter);
    if (at != std::string::npos) {
      *text = buffer_.substr(0, at + delimiter.size());
      buffer_.erase(0, at + delimiter.size());
      return ::testing::AssertionSuccess();
    }
    bool ended = false;
    std::string error;
    if (!fill(&ended, &error)) {
      return ::testing::AssertionFailure()
             << (ended ? std::string("end of stream") : error) << " while waiting for \""
             << ::testing::PrintToString(std::string(delimiter))
             << "\"; received so far: " << ::testing::PrintToString(buffer_);
    }
  }
}

::testing::AssertionResult StreamReader::read_smtp_reply(std::string *reply) {
  reply->clear();
  for (;;) {
    std::string line;
    if (auto got = read_until("\r\n", &line); !got) {
      return got << " (reply so far: " << ::testing::PrintToString(*reply) << ")";
    }
    *reply += line;
    // "ddd-text", "ddd text" or a bare "ddd" (RFC 5321 4.2), each ending in CRLF.
    bool digits = line.size() >= 5 && std::isdigit(static_cast<unsigned char>(line[0])) &&
                  std::isdigit(static_cast<unsigned char>(line[1])) &&
                  std::isdigit(static_cast<unsigned char>(line[2]));
    if (!digits || (line.size() > 5 && line[3] != ' ' && line[3] != '-')) {
      return ::testing::AssertionFailure()
             << "not an SMTP reply line: " << ::testing::PrintToString(line);
    }
    if (line.size() == 5 || line[3] == ' ') return ::testing::AssertionSuccess();
  }
}

::testing::AssertionResult StreamReader::read_to_end(std::string *text) {
  for (;;) {
    bool ended = false;
    std::string error;
    if (!fill(&ended, &error)) {
      if (!ended) {
        return ::testing::AssertionFailure()
               << error << "; received so far: " << ::testing::PrintToString(buffer_);
      }
      *text = std::move(buffer_);
      buffer_.clear();
      return ::testing::AssertionSuccess();
    }
  }
}

}  // namespace ocfs_test::peers
