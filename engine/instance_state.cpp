#include "engine/instance_state.hpp"

#include <array>
#include <cctype>

namespace dc::engine {

namespace {

constexpr std::array<std::pair<InstanceState, std::string_view>, 8> state_names{{
    {InstanceState::start, "start"},
    {InstanceState::pending, "pending"},
    {InstanceState::running, "running"},
    {InstanceState::stopping, "stopping"},
    {InstanceState::stopped, "stopped"},
    {InstanceState::shutting_down, "shutting_down"},
    {InstanceState::finish, "finish"},
    {InstanceState::error, "error"},
}};

constexpr std::array<std::pair<InstanceAction, std::string_view>, 5> action_names{{
    {InstanceAction::create, "create"},
    {InstanceAction::start, "start"},
    {InstanceAction::stop, "stop"},
    {InstanceAction::reboot, "reboot"},
    {InstanceAction::destroy, "destroy"},
}};

std::string normalized(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    out += c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string_view machine_name(InstanceState state) {
  for (auto& [s, name] : state_names)
    if (s == state) return name;
  return "error";
}

std::string api_name(InstanceState state) {
  std::string out{machine_name(state)};
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<InstanceState> parse_instance_state(std::string_view text) {
  auto key = normalized(text);
  for (auto& [s, name] : state_names)
    if (name == key) return s;
  return std::nullopt;
}

std::string_view action_name(InstanceAction action) {
  for (auto& [a, name] : action_names)
    if (a == action) return name;
  return "";
}

std::optional<InstanceAction> parse_instance_action(std::string_view text) {
  for (auto& [a, name] : action_names)
    if (name == text) return a;
  return std::nullopt;
}

}  // namespace dc::engine
