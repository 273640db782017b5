// Socket stream pair properties: one property set shared by both halves, the native handle, the
// remote host and port, TCP_NODELAY, and the keys that are accepted without effect.
#include "net_test_util.hpp"

using namespace ocfs_test;

namespace {

ScriptedServer::Handler greet_then_hold() {
  return [](Sock c, int) {
    send_text(c, "hi");
    std::string ignored;
    recv_until_eof(c, ignored);
  };
}

bool no_delay_of(Sock s) {
  int value = 0;
  SockLen length = sizeof value;
  if (getsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<char *>(&value), &length) != 0)
    return false;
  return value != 0;
}

TEST(SocketProperties, KeyNamesAreApples) {
  EXPECT_EQ(text(ocfs_stream_property_socket_native_handle), "kCFStreamPropertySocketNativeHandle");
  EXPECT_EQ(text(ocfs_stream_property_socket_remote_host_name),
            "kCFStreamPropertySocketRemoteHostName");
  EXPECT_EQ(text(ocfs_stream_property_socket_remote_port_number),
            "kCFStreamPropertySocketRemotePortNumber");
  EXPECT_EQ(text(ocfs_stream_property_socket_remote_host), "kCFStreamPropertySocketRemoteHost");
  EXPECT_EQ(text(ocfs_stream_property_should_close_native_socket),
            "kCFStreamPropertyShouldCloseNativeSocket");
  EXPECT_EQ(text(ocfs_stream_socket_set_no_delay), "_kCFStreamSocketSetNoDelay");
  EXPECT_EQ(text(ocfs_stream_network_service_type), "kCFStreamNetworkServiceType");
  EXPECT_EQ(text(ocfs_stream_network_service_type_voip), "kCFStreamNetworkServiceTypeVoIP");
  EXPECT_EQ(text(ocfs_stream_network_service_type_video), "kCFStreamNetworkServiceTypeVideo");
  EXPECT_EQ(text(ocfs_stream_network_service_type_voice), "kCFStreamNetworkServiceTypeVoice");
  EXPECT_EQ(text(ocfs_stream_network_service_type_background),
            "kCFStreamNetworkServiceTypeBackground");
  EXPECT_EQ(text(ocfs_stream_network_service_type_responsive_data),
            "kCFStreamNetworkServiceTypeResponsiveData");
  EXPECT_EQ(text(ocfs_stream_network_service_type_av_streaming),
            "kCFStreamNetworkServiceTypeAVStreaming");
  EXPECT_EQ(text(ocfs_stream_network_service_type_responsive_av),
            "kCFStreamNetworkServiceTypeResponsiveAV");
  EXPECT_EQ(text(ocfs_stream_network_service_type_call_signaling),
            "kCFStreamNetworkServiceTypeCallSignaling");
  EXPECT_EQ(text(ocfs_stream_property_no_cellular), "kCFStreamPropertyNoCellular");
  EXPECT_EQ(text(ocfs_stream_property_allow_expensive_network_access),
            "kCFStreamPropertyAllowExpensiveNetworkAccess");
  EXPECT_EQ(text(ocfs_stream_property_allow_constrained_network_access),
            "kCFStreamPropertyAllowConstrainedNetworkAccess");
  EXPECT_EQ(text(ocfs_stream_property_socket_extended_background_idle_mode),
            "kCFStreamPropertySocketExtendedBackgroundIdleMode");
  EXPECT_EQ(text(ocfs_stream_property_connection_is_cellular),
            "kCFStreamPropertyConnectionIsCellular");
  EXPECT_EQ(text(ocfs_stream_property_connection_is_expensive),
            "kCFStreamPropertyConnectionIsExpensive");
}

TEST(SocketProperties, TheNativeHandleIsTheConnectedSocket) {
  ScriptedServer server(Family::kV4, greet_then_hold());
  Pair pair = pair_to(Family::kV4, server.port());
  EXPECT_EQ(ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_socket_native_handle),
            nullptr);  // no socket before open
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  ASSERT_TRUE(ocfs_write_stream_open(pair.write));
  EXPECT_EQ(read_exact(pair.read, 2), "hi");
  Owned<ocfs_type_ref> data(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_socket_native_handle));
  ASSERT_NE(data.get(), nullptr);
  ASSERT_EQ(ocfs_get_type_id(data), ocfs_data_get_type_id());
  EXPECT_EQ(ocfs_data_get_length(static_cast<ocfs_data_ref>(data.get())),
            static_cast<ocfs_index>(sizeof(ocfs_socket_native_handle)));
  Owned<ocfs_type_ref> from_write(
      ocfs_write_stream_copy_property(pair.write, ocfs_stream_property_socket_native_handle));
  EXPECT_TRUE(ocfs_equal(data, from_write));  // one socket
  Sock s = native_handle(pair.read);
  ASSERT_NE(s, kNoSocket);
  EXPECT_EQ(port_of(peer_address(s)), server.port());
  EXPECT_EQ(port_of(local_address(s)), server.last_peer_port());
  // Keys compare by content.
  Owned<ocfs_type_ref> by_literal(
      ocfs_read_stream_copy_property(pair.read, OCFS_STR("kCFStreamPropertySocketNativeHandle")));
  EXPECT_TRUE(ocfs_equal(data, by_literal));
}

TEST(SocketProperties, APropertySetOnEitherHalfIsSeenOnBoth) {
  Pair pair = pair_to(Family::kV4, 9);
  Owned<ocfs_type_ref> initial(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_should_close_native_socket));
  EXPECT_EQ(initial.get(), static_cast<ocfs_type_ref>(ocfs_boolean_true));  // default for pairs
  ASSERT_TRUE(ocfs_write_stream_set_property(
      pair.write, ocfs_stream_property_should_close_native_socket, ocfs_boolean_false));
  Owned<ocfs_type_ref> seen(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_should_close_native_socket));
  EXPECT_EQ(seen.get(), static_cast<ocfs_type_ref>(ocfs_boolean_false));
  ASSERT_TRUE(ocfs_read_stream_set_property(
      pair.read, OCFS_STR("kCFStreamPropertyShouldCloseNativeSocket"), ocfs_boolean_true));
  Owned<ocfs_type_ref> back(
      ocfs_write_stream_copy_property(pair.write, ocfs_stream_property_should_close_native_socket));
  EXPECT_EQ(back.get(), static_cast<ocfs_type_ref>(ocfs_boolean_true));

  ASSERT_TRUE(ocfs_read_stream_set_property(pair.read, ocfs_stream_network_service_type,
                                            ocfs_stream_network_service_type_background));
  Owned<ocfs_type_ref> type(
      ocfs_write_stream_copy_property(pair.write, ocfs_stream_network_service_type));
  EXPECT_TRUE(ocfs_equal(type, ocfs_stream_network_service_type_background));
  ASSERT_TRUE(ocfs_write_stream_set_property(pair.write, ocfs_stream_property_no_cellular,
                                             ocfs_boolean_true));
  Owned<ocfs_type_ref> no_cellular(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_no_cellular));
  EXPECT_EQ(no_cellular.get(), static_cast<ocfs_type_ref>(ocfs_boolean_true));
}

TEST(SocketProperties, RemoteHostNameAndPortAreWhatThePairWasMadeWith) {
  ScriptedServer server(Family::kV4, greet_then_hold());
  for (const char *name : {"127.0.0.1", "localhost"}) {
    SCOPED_TRACE(name);
    Pair pair = pair_to_host(name, server.port());
    for (int opened = 0; opened < 2; ++opened) {
      Owned<ocfs_type_ref> host(
          ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_socket_remote_host_name));
      ASSERT_NE(host.get(), nullptr);
      ASSERT_EQ(ocfs_get_type_id(host), ocfs_string_get_type_id());
      EXPECT_EQ(text(static_cast<ocfs_string_ref>(host.get())), name);
      Owned<ocfs_type_ref> port(ocfs_write_stream_copy_property(
          pair.write, ocfs_stream_property_socket_remote_port_number));
      EXPECT_EQ(int_value(port), server.port());
      if (opened == 0) {
        ASSERT_TRUE(ocfs_read_stream_open(pair.read));
        EXPECT_EQ(read_exact(pair.read, 2), "hi");
      }
    }
    ocfs_read_stream_close(pair.read);
  }
}

TEST(SocketProperties, AnAdoptedSocketReportsItsPeerAndDoesNotCloseByDefault) {
  ScriptedServer server(Family::kV4, greet_then_hold());
  Sock s = connect_loopback(Family::kV4, server.port());
  ASSERT_NE(s, kNoSocket);
  {
    Pair pair = pair_with_socket(s);
    ASSERT_NE(pair.read.get(), nullptr);
    Owned<ocfs_type_ref> should_close(ocfs_write_stream_copy_property(
        pair.write, ocfs_stream_property_should_close_native_socket));
    EXPECT_EQ(should_close.get(), static_cast<ocfs_type_ref>(ocfs_boolean_false));
    ASSERT_TRUE(ocfs_read_stream_open(pair.read));
    Owned<ocfs_type_ref> host(
        ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_socket_remote_host_name));
    ASSERT_NE(host.get(), nullptr);
    EXPECT_EQ(text(static_cast<ocfs_string_ref>(host.get())), "127.0.0.1");
    Owned<ocfs_type_ref> port(
        ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_socket_remote_port_number));
    EXPECT_EQ(int_value(port), server.port());
    EXPECT_EQ(native_handle(pair.read), s);
  }
  close_socket(s);
}

TEST(SocketProperties, NoDelaySetBeforeOpenIsAppliedOnceConnected) {
  ScriptedServer server(Family::kV4, greet_then_hold());
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_write_stream_set_property(pair.write, ocfs_stream_socket_set_no_delay,
                                             ocfs_boolean_true));
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  EXPECT_EQ(read_exact(pair.read, 2), "hi");
  Sock s = native_handle(pair.read);
  ASSERT_NE(s, kNoSocket);
  EXPECT_TRUE(no_delay_of(s));
}

TEST(SocketProperties, NoDelaySetAfterOpenIsAppliedAtOnce) {
  ScriptedServer server(Family::kV4, greet_then_hold());
  Pair pair = pair_to(Family::kV4, server.port());
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  EXPECT_EQ(read_exact(pair.read, 2), "hi");
  Sock s = native_handle(pair.read);
  ASSERT_NE(s, kNoSocket);
  EXPECT_FALSE(no_delay_of(s));  // a new socket's default
  ASSERT_TRUE(
      ocfs_read_stream_set_property(pair.read, ocfs_stream_socket_set_no_delay, ocfs_boolean_true));
  EXPECT_TRUE(no_delay_of(s));
  ASSERT_TRUE(ocfs_read_stream_set_property(pair.read, OCFS_STR("_kCFStreamSocketSetNoDelay"),
                                            ocfs_boolean_false));
  EXPECT_FALSE(no_delay_of(s));
}

TEST(SocketProperties, KeysWithoutEffectAcceptTheirTypes) {
  ScriptedServer server(Family::kV4, greet_then_hold());
  Pair pair = pair_to(Family::kV4, server.port());
  for (ocfs_string_ref type :
       {ocfs_stream_network_service_type_voip, ocfs_stream_network_service_type_video,
        ocfs_stream_network_service_type_voice, ocfs_stream_network_service_type_background,
        ocfs_stream_network_service_type_responsive_data,
        ocfs_stream_network_service_type_av_streaming,
        ocfs_stream_network_service_type_responsive_av,
        ocfs_stream_network_service_type_call_signaling}) {
    SCOPED_TRACE(text(type));
    EXPECT_TRUE(ocfs_read_stream_set_property(pair.read, ocfs_stream_network_service_type, type));
    Owned<ocfs_type_ref> back(
        ocfs_write_stream_copy_property(pair.write, ocfs_stream_network_service_type));
    EXPECT_TRUE(ocfs_equal(back, type));
  }
  for (ocfs_string_ref key :
       {ocfs_stream_property_no_cellular, ocfs_stream_property_allow_expensive_network_access,
        ocfs_stream_property_allow_constrained_network_access,
        ocfs_stream_property_socket_extended_background_idle_mode}) {
    SCOPED_TRACE(text(key));
    EXPECT_TRUE(ocfs_write_stream_set_property(pair.write, key, ocfs_boolean_true));
    Owned<ocfs_type_ref> back(ocfs_read_stream_copy_property(pair.read, key));
    EXPECT_EQ(back.get(), static_cast<ocfs_type_ref>(ocfs_boolean_true));
  }
  ASSERT_TRUE(ocfs_read_stream_open(pair.read));
  EXPECT_EQ(read_exact(pair.read, 2), "hi");
  for (ocfs_string_ref key : {ocfs_stream_property_connection_is_cellular,
                              ocfs_stream_property_connection_is_expensive}) {
    SCOPED_TRACE(text(key));
    Owned<ocfs_type_ref> value(ocfs_read_stream_copy_property(pair.read, key));
    EXPECT_EQ(value.get(), static_cast<ocfs_type_ref>(ocfs_boolean_false));
    Owned<ocfs_type_ref> other(ocfs_write_stream_copy_property(pair.write, key));
    EXPECT_EQ(other.get(), static_cast<ocfs_type_ref>(ocfs_boolean_false));
    EXPECT_FALSE(ocfs_read_stream_set_property(pair.read, key, ocfs_boolean_true));  // read-only
  }
}

TEST(SocketProperties, WrongValueTypesAreRefused) {
  Pair pair = pair_to(Family::kV4, 9);
  auto one = int_number(1);
  auto name = str("kCFStreamNetworkServiceTypeVoIP");
  for (ocfs_string_ref key :
       {ocfs_stream_property_should_close_native_socket, ocfs_stream_socket_set_no_delay,
        ocfs_stream_property_no_cellular, ocfs_stream_property_allow_expensive_network_access,
        ocfs_stream_property_allow_constrained_network_access,
        ocfs_stream_property_socket_extended_background_idle_mode}) {
    SCOPED_TRACE(text(key));
    EXPECT_FALSE(ocfs_read_stream_set_property(pair.read, key, one));
    EXPECT_FALSE(ocfs_write_stream_set_property(pair.write, key, name));
  }
  EXPECT_FALSE(ocfs_read_stream_set_property(pair.read, ocfs_stream_network_service_type,
                                             ocfs_boolean_true));
  EXPECT_FALSE(ocfs_read_stream_set_property(pair.read, ocfs_stream_network_service_type, one));
  // The refused values changed nothing.
  Owned<ocfs_type_ref> should_close(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_should_close_native_socket));
  EXPECT_EQ(should_close.get(), static_cast<ocfs_type_ref>(ocfs_boolean_true));
  // Copy-only keys cannot be set.
  auto bytes = own(ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>("abcd"), 4));
  EXPECT_FALSE(
      ocfs_read_stream_set_property(pair.read, ocfs_stream_property_socket_native_handle, bytes));
  EXPECT_FALSE(
      ocfs_read_stream_set_property(pair.read, ocfs_stream_property_socket_remote_host_name, name));
  // Unknown keys are refused and have no value.
  auto unknown = str("kOCFSNoSuchProperty");
  EXPECT_FALSE(ocfs_read_stream_set_property(pair.read, unknown, ocfs_boolean_true));
  EXPECT_EQ(ocfs_read_stream_copy_property(pair.read, unknown), nullptr);
}

TEST(SocketProperties, TimeoutsAreNumbersOfSeconds) {
  Pair pair = pair_to(Family::kV4, 9);
  Owned<ocfs_type_ref> read_default(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_read_timeout));
  EXPECT_EQ(double_value(read_default), 75.0);
  Owned<ocfs_type_ref> write_default(
      ocfs_write_stream_copy_property(pair.write, ocfs_stream_property_write_timeout));
  EXPECT_EQ(double_value(write_default), 75.0);
  EXPECT_TRUE(
      ocfs_read_stream_set_property(pair.read, ocfs_stream_property_read_timeout, number(2.5)));
  Owned<ocfs_type_ref> changed(
      ocfs_read_stream_copy_property(pair.read, ocfs_stream_property_read_timeout));
  EXPECT_EQ(double_value(changed), 2.5);
  EXPECT_EQ(text(ocfs_stream_property_read_timeout), "_kCFStreamPropertyReadTimeout");
}

}  // namespace
