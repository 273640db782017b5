// Windows has one event backend: WSAPoll behind the portable poll backend.
#include <cerrno>

#include "platform/platform.hpp"

namespace ocfs::platform {

std::unique_ptr<EventBackend> make_event_backend(std::string_view name, int &error) {
  if (name.empty() || name == "poll" || name == "wsapoll") {
    std::unique_ptr<EventBackend> backend = make_poll_backend();
    if (!backend) error = ENOMEM;
    return backend;
  }
  error = EINVAL;
  return nullptr;
}

std::vector<std::string> event_backend_names() {
  return {"poll"};
}

}  // namespace ocfs::platform
