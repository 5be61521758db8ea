#pragma once
// The domain model shared by every driver: what a cloud's objects look like once mapped.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/clock.hpp"
#include "engine/file_handle.hpp"
#include "engine/instance_state.hpp"
#include "engine/staged_file.hpp"

namespace dc::engine {

struct Realm {
  std::string id;
  std::string name;
  std::string state;                // AVAILABLE, UNAVAILABLE
  std::string limit = "unlimited";  // instance limit, or "unlimited"
};

struct Image {
  std::string id;
  std::string name;
  std::string description;
  std::string owner_id;
  std::string architecture;
  std::string state;                           // empty when unknown
  std::string creation_time;                   // empty when unknown
  std::string root_type;                       // empty = transient
  std::vector<std::string> hardware_profiles;  // ids of the profiles the image runs on
};

/// A network address of an instance.
struct Address {
  std::string address;
  std::string type;  // hostname, ipv4, ipv6, mac, vnc
  std::optional<int> port;
  bool operator==(const Address&) const = default;
};

/// A volume attached to an instance.
struct VolumeAttachment {
  std::string volume_id;
  std::string device;
  bool operator==(const VolumeAttachment&) const = default;
};

struct Instance {
  std::string id;
  std::optional<std::string> name;
  std::string owner_id;
  std::string image_id;
  std::string realm_id;
  InstanceState state = InstanceState::pending;
  /// The provider's own word for the state when ours cannot say it (a status the driver does not
  /// know shows as error, with the status here); empty otherwise.
  std::string provider_state;
  std::string hardware_profile_id;
  /// Properties overridden at create time (hwp_memory=...), in property order.
  std::vector<std::pair<std::string, std::string>> profile_overrides;
  std::vector<Address> public_addresses;
  std::vector<Address> private_addresses;
  bool create_image = false;  // an image can be made from it
  std::vector<VolumeAttachment> storage_volumes;
  std::optional<std::vector<std::string>> network_interfaces;
  std::optional<std::string> keyname;
  std::optional<std::string> launch_time;
  /// Firewalls the instance was launched in; empty for drivers without firewalls.
  std::optional<std::vector<std::string>> firewalls;

  bool operator==(const Instance&) const = default;
};

struct Key {
  std::string id;
  std::string name;
  std::string credential_type = "key";  // key or password
  std::string fingerprint;
  std::string pem;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::string state;
};

struct StorageVolume {
  std::string id;
  std::optional<std::string> name;  // the API shows the id when there is none
  std::string description;
  std::string created;      // empty when unknown
  std::string capacity;     // GB, as decimal text
  std::string kind;         // empty when unknown
  std::string realm_id;     // empty when none
  std::string state;        // CREATING, AVAILABLE, IN-USE, ...
  std::string instance_id;  // attached to; empty when not attached
  std::string device;       // where it is attached
};

/// A public IP address the provider allocated to the account, associated with an instance
/// or free (the `addresses` collection).
struct AllocatedAddress {
  std::string id;  // the IP itself
  std::string ip;
  std::string instance_id;  // empty when free
};

/// One sample of a metric property; values as decimal text.
struct MetricSample {
  std::string minimum;
  std::string maximum;
  std::string average;
  std::string timestamp;  // Unix seconds
  std::string unit;       // Percent, Bytes, Count, None
};

/// The samples of one measured quantity (`cpuUtilization`); empty in lists.
struct MetricProperty {
  std::string name;
  std::vector<MetricSample> samples;
};

/// The measurements of one monitored entity (an instance).
struct Metric {
  std::string id;      // the entity's id
  std::string entity;  // its name
  std::vector<MetricProperty> properties;
};

/// Where a firewall rule admits traffic from: an address block or another firewall (group).
struct RuleSource {
  std::string type;                     // address or group
  std::string address, prefix, family;  // address sources
  std::string name, owner;              // group sources
  bool operator==(const RuleSource&) const = default;
};

struct FirewallRule {
  std::string id;
  std::string protocol;  // tcp, udp, icmp
  std::string port_from;
  std::string port_to;
  std::string direction = "ingress";
  std::string action = "accept";
  std::vector<RuleSource> sources;
};

struct Firewall {
  std::string id;
  std::string name;
  std::string description;
  std::string owner_id;
  std::vector<FirewallRule> rules;
};

struct Listener {
  std::string protocol;  // HTTP or TCP
  std::string load_balancer_port;
  std::string instance_port;
};

struct LoadBalancer {
  std::string id;
  std::string realm_id;
  std::string created_at;
  std::vector<std::string> public_addresses;  // hostnames
  std::vector<Listener> listeners;
  std::vector<std::string> instances;  // registered instance ids
};

struct Network {
  std::string id;
  std::string name;
  std::string state;                        // UP, DOWN
  std::vector<std::string> address_blocks;  // CIDR
  std::vector<std::string> subnets;         // ids
};

struct Subnet {
  std::string id;
  std::string name;
  std::string state;
  std::string type;  // PRIVATE, PUBLIC
  std::string address_block;
  std::string network_id;
};

struct NetworkInterface {
  std::string id;
  std::string name;
  std::string instance_id;
  std::string network_id;  // the network or subnet it is on
  std::string subnet_id;   // empty when network_id names the subnet itself
  std::string ip_address;
};

struct StorageSnapshot {
  std::string id;
  std::string name;  // empty: the id
  std::string description;
  std::string state;
  std::string created;
  std::string volume_id;
};

// -- requests ------------------------------------------------------------------------------------

struct InstanceCreate {
  std::string image_id;
  std::string realm_id;    // empty = driver's default
  std::string profile_id;  // empty = driver's default
  std::vector<std::pair<std::string, std::string>> profile_overrides;
  std::optional<std::string> name;
  std::optional<std::string> keyname;
  std::optional<std::string> user_data;  // already base64-decoded
  std::vector<std::string> firewalls;    // `firewalls` feature: launch in these
  /// Makes the create idempotent: the provider answers the instance it already made with this
  /// token instead of making another (EC2 ClientToken, a Nova server tag, ...).
  std::optional<std::string> client_token;
};

/// One page of an account's instances, in the provider's order.
struct InstancePage {
  std::vector<Instance> instances;
  std::string next_marker;  // empty on the last page
  /// From drivers that report changes: the change mark as of this page (see InstanceChanges).
  std::string change_mark;
};

/// The instances of an account changed since a change mark: one poll cycle's answer from a
/// provider that reports changes (Nova's `changes-since`).
struct InstanceChanges {
  /// Every instance changed since the mark, those deleted since included (state `finish`).
  std::vector<Instance> instances;
  /// The mark to ask from next time. Opaque to the engine.
  std::string next_mark;
};

/// A command to run on an instance (`run` action).
struct RunCommand {
  std::string command;
  std::optional<std::string> private_key;
  std::optional<std::string> password;
  std::optional<std::string> ip;
  std::optional<std::string> port;
};

/// What running a command produced.
struct RunOutput {
  std::string instance_id;
  std::string public_address;
  std::string command;
  std::string output;
};

struct ImageCreate {
  std::string instance_id;
  std::optional<std::string> name;
  std::optional<std::string> description;
};

struct VolumeCreate {
  std::optional<std::string> capacity;  // GB; the driver's default when absent
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> realm_id;
  std::optional<std::string> snapshot_id;
};

struct VolumeAttach {
  std::string instance_id;
  std::string device;
};

struct SnapshotCreate {
  std::string volume_id;
  std::optional<std::string> name;
  std::optional<std::string> description;
};

struct NetworkCreate {
  std::optional<std::string> name;
  std::optional<std::string> address_block;
};

struct SubnetCreate {
  std::string network_id;
  std::string address_block;
  std::optional<std::string> name;
};

struct NetworkInterfaceCreate {
  std::string instance_id;
  std::string network_id;  // a network or a subnet
  std::optional<std::string> subnet_id;
  std::optional<std::string> name;
};

struct FirewallCreate {
  std::string name;
  std::string description;
};

struct FirewallRuleCreate {
  std::string protocol;
  std::string port_from;
  std::string port_to;
  std::vector<RuleSource> sources;
};

struct LoadBalancerCreate {
  std::string name;
  std::string realm_id;
  Listener listener;
};

struct KeyCreate {
  std::string name;
  std::optional<std::string> public_key;
};

// -- buckets and blobs ------------------------------------------------------------------------

/// User metadata of a blob, in the order it was given: key → value.
using BlobMetadata = std::vector<std::pair<std::string, std::string>>;

struct Bucket {
  std::string id;
  std::string name;
  std::vector<std::string> blobs;  // ids of the blobs it holds; its size is their number
};

struct Blob {
  std::string id;
  std::string bucket;
  std::uint64_t content_length = 0;
  std::string content_type;
  std::string last_modified;  // `YYYY-MM-DD HH:MM:SS +0000`
  BlobMetadata user_metadata;
  /// The content itself when the driver has it at hand and it is small (JSON shows it).
  std::optional<std::string> content;
};

struct BucketCreate {
  std::string name;
  std::optional<std::string> location;  // bucket_location feature
};

struct BlobCreate {
  std::string bucket;
  std::string id;
  std::string content_type;
  BlobMetadata metadata;
  /// The content: a received upload when set, otherwise `content`.
  std::shared_ptr<StagedFile> upload;
  std::string content;
};

/// A blob's bytes, open for reading.
struct BlobContent {
  std::string id;
  std::string content_type;
  std::shared_ptr<FileHandle> file;
};

}  // namespace dc::engine
