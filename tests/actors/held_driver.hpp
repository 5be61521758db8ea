#pragma once
// A driver (`held`) whose provider takes as long as the test wants: with the option `hold` at
// `logins` (the default) every login is held, at `creates` every instance create is, until the
// test answers all of them at once. For the tests of slow logins in the account directory and
// of creates that overlap.

#include <cstddef>

namespace dc::test::held_calls {

/// Calls held now.
std::size_t count();
/// Drivers of this kind alive now (one per account actor, destroyed with it).
std::size_t drivers_alive();
/// Answers every held call, in its account's actor: a login accepted or refused (401), a
/// create made (a new RUNNING instance) or refused.
void answer_all(bool accept);

}  // namespace dc::test::held_calls
