#include "api/instance_wait.hpp"

namespace dc::api {

std::optional<InstanceWait> parse_instance_wait(const Params& params,
                                                std::optional<engine::Error>& error) {
  auto state = params.get("wait_for");
  if (!state) {
    if (params.has("timeout"))
      error = engine::make_error(engine::ErrorKind::validation,
                                 "Parameter 'timeout' is only allowed with 'wait_for'");
    return std::nullopt;
  }
  InstanceWait wait;
  auto parsed = engine::parse_instance_state(*state);
  if (!parsed || *parsed == engine::InstanceState::start) {
    error =
        engine::make_error(engine::ErrorKind::validation,
                           "Parameter 'wait_for' must be an instance state, not '" + *state + "'");
    return std::nullopt;
  }
  wait.target = *parsed;
  if (auto text = params.get("timeout")) {
    auto seconds = parse_whole<long long>(*text);
    if (!seconds || *seconds < 0 || *seconds > max_instance_wait.count()) {
      error = engine::make_error(engine::ErrorKind::validation,
                                 "Parameter 'timeout' must be whole seconds from 0 to " +
                                     std::to_string(max_instance_wait.count()) + ", not '" + *text +
                                     "'");
      return std::nullopt;
    }
    wait.timeout = std::chrono::seconds{*seconds};
  }
  return wait;
}

std::chrono::seconds instance_wait_time(const std::string& target) {
  auto q = target.find('?');
  if (q == std::string::npos || target.find("wait_for=", q) == std::string::npos)
    return std::chrono::seconds{0};
  Params params;
  parse_urlencoded(std::string_view{target}.substr(q + 1), params);
  std::optional<engine::Error> error;
  auto wait = parse_instance_wait(params, error);
  return wait ? wait->timeout : std::chrono::seconds{0};
}

}  // namespace dc::api
