// SetClient: the client-context retain/release contract and client removal.
#include <gtest/gtest.h>

#include "stream_test_util.hpp"

using namespace ocfs_test;

namespace {

struct Info {
  int retains = 0;
  int releases = 0;
  int callbacks = 0;
};

ocfs_stream_client_context context_for(Info &info) {
  ocfs_stream_client_context context = {};
  context.info = &info;
  context.retain = [](void *p) {
    ++static_cast<Info *>(p)->retains;
    return p;
  };
  context.release = [](void *p) { ++static_cast<Info *>(p)->releases; };
  return context;
}

void on_read_event(ocfs_read_stream_ref, ocfs_stream_event_type, void *info) {
  ++static_cast<Info *>(info)->callbacks;
}

const ocfs_option_flags kAllEvents =
    OCFS_STREAM_EVENT_OPEN_COMPLETED | OCFS_STREAM_EVENT_HAS_BYTES_AVAILABLE |
    OCFS_STREAM_EVENT_ERROR_OCCURRED | OCFS_STREAM_EVENT_END_ENCOUNTERED;

Owned<ocfs_read_stream_ref> reader() {
  static const uint8_t bytes[] = {1, 2};
  return own(ocfs_read_stream_create_with_bytes_no_copy(nullptr, bytes, 2, ocfs_allocator_null));
}

TEST(StreamClient, RetainsInfoOnceAndReleasesItWhenReplaced) {
  auto stream = reader();
  Info first, second;
  auto context = context_for(first);
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_EQ(first.retains, 1);
  EXPECT_EQ(first.releases, 0);
  auto other = context_for(second);
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &other));
  EXPECT_EQ(first.releases, 1);
  EXPECT_EQ(second.retains, 1);
  stream.reset();  // the stream going away releases the client's info
  EXPECT_EQ(second.releases, 1);
}

TEST(StreamClient, TheContextIsCopied) {
  auto stream = reader();
  Info info;
  auto context = context_for(info);
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  context.release = nullptr;  // changing the caller's struct afterwards has no effect
  stream.reset();
  EXPECT_EQ(info.releases, 1);
}

TEST(StreamClient, SettingTheSameInfoAgainKeepsItBalanced) {
  auto stream = reader();
  Info info;
  auto context = context_for(info);
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_EQ(info.retains, 2);
  EXPECT_EQ(info.releases, 1);
  stream.reset();
  EXPECT_EQ(info.releases, 2);
}

TEST(StreamClient, NullCallbackNullContextOrNoEventsRemoveTheClient) {
  auto stream = reader();
  Info info;
  auto context = context_for(info);
  ASSERT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, nullptr, &context));
  EXPECT_EQ(info.releases, 1);
  ASSERT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, nullptr));
  EXPECT_EQ(info.releases, 2);
  ASSERT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, OCFS_STREAM_EVENT_NONE, on_read_event, &context));
  EXPECT_EQ(info.releases, 3);
  EXPECT_EQ(info.retains, 3);
  // A read stream cannot ask for CanAcceptBytes only: that mask is empty, so it removes too.
  ASSERT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, OCFS_STREAM_EVENT_CAN_ACCEPT_BYTES, on_read_event,
                                          &context));
  EXPECT_EQ(info.releases, 4);
}

TEST(StreamClient, ContextWithoutRetainOrReleaseIsUsedAsIs) {
  auto stream = reader();
  int marker = 0;
  ocfs_stream_client_context context = {0, &marker, nullptr, nullptr, nullptr};
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  EXPECT_TRUE(ocfs_read_stream_set_client(stream, 0, nullptr, nullptr));
}

TEST(StreamClient, AnUnscheduledStreamNeverCallsBack) {
  auto stream = reader();
  Info info;
  auto context = context_for(info);
  ASSERT_TRUE(ocfs_read_stream_set_client(stream, kAllEvents, on_read_event, &context));
  ASSERT_TRUE(ocfs_read_stream_open(stream));
  uint8_t buffer[4];
  EXPECT_EQ(ocfs_read_stream_read(stream, buffer, sizeof buffer), 2);
  ocfs_read_stream_close(stream);
  EXPECT_EQ(info.callbacks, 0);
}

TEST(StreamClient, NullStreamIsRefused) {
  Info info;
  auto context = context_for(info);
  EXPECT_FALSE(ocfs_read_stream_set_client(nullptr, kAllEvents, on_read_event, &context));
  EXPECT_EQ(info.retains, 0);
}

}  // namespace
