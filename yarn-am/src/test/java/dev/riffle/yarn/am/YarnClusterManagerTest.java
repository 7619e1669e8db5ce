package dev.riffle.yarn.am;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.Test;

class YarnClusterManagerTest {

    @Test
    void shouldTreatEndsCausedByTheClusterAsLost() {
        assertThat(YarnClusterManager.isLost(ContainerExitStatus.PREEMPTED)).isTrue();
        assertThat(YarnClusterManager.isLost(ContainerExitStatus.ABORTED)).isTrue();
        assertThat(YarnClusterManager.isLost(ContainerExitStatus.DISKS_FAILED)).isTrue();
        assertThat(YarnClusterManager.isLost(ContainerExitStatus.KILLED_BY_APPMASTER)).isTrue();
    }

    @Test
    void shouldCountProcessFailuresAgainstTheBudget() {
        assertThat(YarnClusterManager.isLost(1)).isFalse();
        assertThat(YarnClusterManager.isLost(137)).isFalse();
        assertThat(YarnClusterManager.isLost(ContainerExitStatus.INVALID)).isFalse();
    }

    @Test
    void shouldUnregisterWithTheYarnStatusOfEachEnd() {
        assertThat(YarnClusterManager.yarnStatus(ClusterManager.FinalStatus.SUCCEEDED))
                .isEqualTo(FinalApplicationStatus.SUCCEEDED);
        assertThat(YarnClusterManager.yarnStatus(ClusterManager.FinalStatus.FAILED)).isEqualTo(FinalApplicationStatus.FAILED);
        assertThat(YarnClusterManager.yarnStatus(ClusterManager.FinalStatus.KILLED)).isEqualTo(FinalApplicationStatus.KILLED);
    }
}
