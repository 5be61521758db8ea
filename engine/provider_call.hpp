#pragma once
// A provider call as the engine runs it. A route describes what it wants as a typed Operation
// on the Driver interface (`engine::read("volumes", &Driver::volumes)`), with what the limits
// and the retry policy must know: its API class, and whether repeating it after a transient
// failure is safe; plus a name to count it by. The account's driver actor runs every call on
// one path (DriverActor::run_call): the limiter, the retry policy, the deadline and the call
// counts are applied there and nowhere else, whatever the collection.
//
// The actor needs no result types: erase() turns a typed operation and its reply into an
// ErasedCall that reports only its error to the path and keeps the typed result for the reply.

#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "engine/driver.hpp"
#include "engine/driver_limits.hpp"

namespace dc::engine {

/// What the call path needs to know about a call besides running it.
struct CallInfo {
  const char* operation = "";  // static text: how the call is counted ("volumes", "create_key")
  const char* api_class = describe_calls;  // the token bucket it draws from
  /// A transient failure may be retried: repeating the call cannot do its work twice. A
  /// throttled call is retried either way (the provider refused it, so did nothing).
  bool repeatable = true;
  /// Held to the path's deadline. Not for calls that move a blob's bytes: their time grows
  /// with the size, and the driver's transfer timeout bounds them instead.
  bool bounded = true;
};

/// A read (list or show): describe class, repeatable.
constexpr CallInfo read_call(const char* operation) {
  return {operation, describe_calls, true, true};
}
/// A change to an existing object (destroy, attach, associate, actions): mutate class. Not
/// repeated after a transient failure: the first try may have been carried out.
constexpr CallInfo change_call(const char* operation) {
  return {operation, mutate_calls, false, true};
}
/// A create: launch class. Repeatable only when the provider makes it at most once anyway
/// (a client token): otherwise a lost answer repeated could make two.
constexpr CallInfo create_call(const char* operation, bool repeatable = false) {
  return {operation, launch_calls, repeatable, true};
}
/// `info` for a call that moves a blob's bytes (not bounded by the deadline).
constexpr CallInfo transfer_call(CallInfo info) {
  info.bounded = false;
  return info;
}

/// One call of the Driver interface with its arguments bound, answering a T.
template <class T>
struct Operation {
  CallInfo info;
  std::function<void(Driver&, const Credentials&, Callback<T>)> run;
};

/// A call with its result type erased, as the call path runs it. `attempt` makes the call once
/// and tells `settled` its error, null when it succeeded (it may be made again: a retry);
/// `deliver` hands the last attempt's result to the caller, or `refused` when the call never
/// ran (no account, the deadline passed...). Each is called at most once per attempt.
struct ErasedCall {
  CallInfo info;
  std::function<void(Driver&, const Credentials&, std::function<void(const Error*)> settled)>
      attempt;
  std::function<void(const Error* refused)> deliver;
  /// When set: a try that succeeded after the caller was answered (its deadline passed) hands
  /// its result here, so that what the provider did is not lost on us (a create that made an
  /// instance late).
  std::function<void()> late;
};

template <class T>
ErasedCall erase(Operation<T> op, Callback<T> done, Callback<T> late = {}) {
  auto last = std::make_shared<std::optional<Result<T>>>();
  ErasedCall call;
  call.info = op.info;
  call.attempt = [run = std::move(op.run), last](Driver& driver, const Credentials& who,
                                                 std::function<void(const Error*)> settled) {
    run(driver, who, [last, settled = std::move(settled)](Result<T> r) {
      *last = std::move(r);
      settled((*last)->ok() ? nullptr : &(*last)->error());
    });
  };
  call.deliver = [last, done = std::move(done)](const Error* refused) {
    if (refused)
      done(*refused);
    else if (*last)
      done(std::move(**last));
    else
      done(make_error(ErrorKind::backend, "Internal error: the provider call had no answer"));
  };
  if (late)
    call.late = [last, late = std::move(late)] {
      if (*last && (*last)->ok()) late(std::move(**last));
    };
  return call;
}

namespace detail {

template <class Method>
struct DriverMethod;
template <class... Params>
struct DriverMethod<void (Driver::*)(const Credentials&, Params...)> {
  using Reply = std::decay_t<std::tuple_element_t<sizeof...(Params) - 1, std::tuple<Params...>>>;
};
template <class Reply>
struct ReplyType;
template <class T>
struct ReplyType<Callback<T>> {
  using type = T;
};
/// The T of a Driver method `void (const Credentials&, ..., Callback<T>)`.
template <class Method>
using MethodResult = typename ReplyType<typename DriverMethod<Method>::Reply>::type;

template <class Method, class... Args>
Operation<MethodResult<Method>> bind(CallInfo info, Method method, Args&&... args) {
  using T = MethodResult<Method>;
  return {info, [method, bound = std::make_tuple(std::decay_t<Args>(std::forward<Args>(args))...)](
                    Driver& driver, const Credentials& who, Callback<T> done) {
            std::apply([&](const auto&... a) { (driver.*method)(who, a..., std::move(done)); },
                       bound);
          }};
}

}  // namespace detail

/// `method` of the Driver with `args` (copied) between the credentials and the reply, as a
/// call described by `info`.
template <class Method, class... Args>
auto operation(CallInfo info, Method method, Args&&... args) {
  return detail::bind(info, method, std::forward<Args>(args)...);
}
/// A read of `method` (read_call).
template <class Method, class... Args>
auto read(const char* name, Method method, Args&&... args) {
  return detail::bind(read_call(name), method, std::forward<Args>(args)...);
}
/// A change of `method` (change_call).
template <class Method, class... Args>
auto change(const char* name, Method method, Args&&... args) {
  return detail::bind(change_call(name), method, std::forward<Args>(args)...);
}
/// A create of `method` (create_call, not repeatable).
template <class Method, class... Args>
auto create(const char* name, Method method, Args&&... args) {
  return detail::bind(create_call(name), method, std::forward<Args>(args)...);
}

}  // namespace dc::engine
