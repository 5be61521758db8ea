#pragma once
// The real deltacloudd binary run as a child process, for tests that need a process (signals,
// kill -9, restarts on the same data directory).

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

namespace dc::test {

#ifdef DC_DELTACLOUDD_BINARY

struct Process {
  pid_t pid = -1;
  FILE* out = nullptr;  // its standard output and error
};

inline Process launch(std::vector<std::string> args) {
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    ::dup2(pipefd[1], 2);
    ::close(pipefd[0]);
    std::vector<char*> argv{const_cast<char*>(DC_DELTACLOUDD_BINARY)};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(DC_DELTACLOUDD_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  return Process{pid, ::fdopen(pipefd[0], "r")};
}

inline int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Everything the process still writes, up to its exit.
inline std::string read_rest(const Process& p) {
  std::string text;
  char line[512] = {};
  while (std::fgets(line, sizeof line, p.out)) text += line;
  return text;
}

/// The port from the server's start banner (blocks until it is printed); 0 when it exits first.
inline std::uint16_t banner_port(const Process& p) {
  char line[512] = {};
  while (std::fgets(line, sizeof line, p.out)) {
    std::smatch m;
    std::string text = line;
    if (std::regex_search(text, m, std::regex{"http://127.0.0.1:(\\d+)/api"}))
      return static_cast<std::uint16_t>(std::stoi(m[1]));
  }
  return 0;
}

/// A server process that is killed (SIGKILL) if the test leaves it running.
struct ServerProcess {
  Process process;
  std::uint16_t port = 0;

  explicit ServerProcess(std::vector<std::string> args) : process(launch(std::move(args))) {
    port = banner_port(process);
  }
  ~ServerProcess() { kill_hard(); }
  void kill_hard() {
    if (process.pid < 0) return;
    ::kill(process.pid, SIGKILL);
    wait_exit(process.pid);
    std::fclose(process.out);
    process.pid = -1;
  }
};

#endif

}  // namespace dc::test
