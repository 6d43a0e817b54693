import Topology
