package dev.riffle.runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.api.config.ConfigException;
import dev.riffle.runner.config.JobConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class JobModelTest {

    private static JobConfig config(String inputs, int containers) {
        return JobConfig.of(Map.of("job.name", "visitor-counter", "job.id", "2", "task.class", "x.Y",
                "task.inputs", inputs, "job.container.count", Integer.toString(containers)));
    }

    private static Map<String, Integer> counts(Object... pairs) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            counts.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return counts;
    }

    @Test
    void shouldSpreadTasksRoundRobinOverContainers() {
        final JobModel model = JobModel.build(config("visits", 3), counts("visits", 8));
        assertThat(model.jobName()).isEqualTo("visitor-counter");
        assertThat(model.jobId()).isEqualTo("2");
        assertThat(model.taskCount()).isEqualTo(8);
        assertThat(model.containers().keySet()).containsExactly("0", "1", "2");
        assertThat(model.container("0").partitions()).containsExactly(0, 3, 6);
        assertThat(model.container("1").partitions()).containsExactly(1, 4, 7);
        assertThat(model.container("2").partitions()).containsExactly(2, 5);
        assertThat(model.container("1").partitionList()).isEqualTo("1,4,7");
        assertThat(model.container("2").tasks().get(0).name()).isEqualTo("Partition 2");
        assertThat(model.describe()).isEqualTo("visitor-counter_2: 0=[0,3,6] 1=[1,4,7] 2=[2,5]");
    }

    @Test
    void shouldJoinCoPartitionedInputsByPartitionNumber() {
        final JobModel model = JobModel.build(config("visits,clicks", 2), counts("visits", 4, "clicks", 4));
        final TaskModel task = model.tasks().get(1);
        assertThat(task.partition()).isEqualTo(1);
        assertThat(task.inputs()).containsExactly(new TopicPartition("clicks", 1), new TopicPartition("visits", 1));
        assertThat(model.container("1").topicPartitions()).containsExactly(
                new TopicPartition("clicks", 1), new TopicPartition("visits", 1),
                new TopicPartition("clicks", 3), new TopicPartition("visits", 3));
    }

    @Test
    void shouldLeaveTopicsWithFewerPartitionsOutOfHigherTasks() {
        final JobModel model = JobModel.build(config("visits,users", 1), counts("visits", 4, "users", 2));
        assertThat(model.taskCount()).isEqualTo(4);
        assertThat(model.tasks()).extracting(TaskModel::inputs).containsExactly(
                List.of(new TopicPartition("users", 0), new TopicPartition("visits", 0)),
                List.of(new TopicPartition("users", 1), new TopicPartition("visits", 1)),
                List.of(new TopicPartition("visits", 2)),
                List.of(new TopicPartition("visits", 3)));
    }

    @Test
    void shouldRefuseMoreContainersThanTasks() {
        assertThatThrownBy(() -> JobModel.build(config("visits", 5), counts("visits", 4)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("job.container.count"))
                .hasMessageContaining("job.container.count=5 but the inputs have only 4 partitions")
                .hasMessageContaining("at most 4 containers");
    }

    @Test
    void shouldNameAMissingInputTopic() {
        assertThatThrownBy(() -> JobModel.build(config("visits,clicks", 1), counts("clicks", 4)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("task.inputs"))
                .hasMessage("config error: task.inputs: input topic 'visits' does not exist; create it or fix task.inputs");
    }

    @Test
    void shouldPlaceAddedPartitionsRoundRobinOnExistingContainers() {
        final JobModel before = JobModel.build(config("visits,clicks", 2), counts("visits", 4, "clicks", 2));
        final JobModel after = before.withPartitionCounts(counts("visits", 7, "clicks", 3));
        assertThat(after.containers().keySet()).containsExactly("0", "1");
        assertThat(after.container("0").partitions()).containsExactly(0, 2, 4, 6);
        assertThat(after.container("1").partitions()).containsExactly(1, 3, 5);
        // Task 2 now also reads the new partition 2 of clicks; no task moved.
        assertThat(after.tasks().get(2).inputs())
                .containsExactly(new TopicPartition("clicks", 2), new TopicPartition("visits", 2));
        assertThat(before.changedContainers(after)).containsExactly("0", "1");
        assertThat(before.changedContainers(before.withPartitionCounts(counts("visits", 5, "clicks", 2))))
                .containsExactly("0");
        assertThat(before.changedContainers(before.withPartitionCounts(counts("visits", 4, "clicks", 2)))).isEmpty();
    }

    @Test
    void shouldRefuseShrinkingPartitions() {
        final JobModel model = JobModel.build(config("visits", 1), counts("visits", 4));
        assertThatThrownBy(() -> model.withPartitionCounts(counts("visits", 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shrank from 4 to 2");
    }

    @Test
    void shouldSurviveJavaSerialisation() throws IOException, ClassNotFoundException {
        final JobModel model = JobModel.build(config("visits,clicks", 2), counts("visits", 4, "clicks", 3));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            final JobModel copy = (JobModel) in.readObject();
            assertThat(copy).isEqualTo(model);
            assertThat(copy.describe()).isEqualTo(model.describe());
        }
    }
}
