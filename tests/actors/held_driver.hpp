#pragma once
// A driver (`held`) whose provider takes as long as the test wants: with the option `hold` at
// `logins` (the default) every login is held, at `creates` every instance create is, until the
// test answers all of them at once. For the tests of slow logins in the account directory and
// of creates that overlap. A create of the image `throw` throws instead (a driver bug).

#include <cstddef>

namespace dc::test::held_calls {

/// Calls held now.
std::size_t count();
/// Drivers of this kind alive now (one per account actor, destroyed with it).
std::size_t drivers_alive();
enum class Answer {
  accept,  // a login accepted; a create made (a new RUNNING instance)
  refuse,  // a login refused (401); a create refused (502)
  fail,    // the provider failed (502), credentials unchecked
};
/// Answers every held call, in its account's actor.
void answer_all(Answer answer);

}  // namespace dc::test::held_calls
