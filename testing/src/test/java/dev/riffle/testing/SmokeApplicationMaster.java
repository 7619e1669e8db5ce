package dev.riffle.testing;

import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The smallest real application master: registers with the ResourceManager it finds through the
 * {@code yarn-site.xml} on its classpath, then unregisters as succeeded. {@link YarnFixtureIT} runs it.
 */
public final class SmokeApplicationMaster {

    private SmokeApplicationMaster() {
    }

    public static void main(final String[] args) throws Exception {
        final AMRMClient<AMRMClient.ContainerRequest> resourceManager = AMRMClient.createAMRMClient();
        resourceManager.init(new YarnConfiguration());
        resourceManager.start();
        try {
            resourceManager.registerApplicationMaster("", 0, "");
            System.out.println("The Riffle smoke application master registered with the ResourceManager.");
            resourceManager.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED,
                    "The Riffle smoke application master finished.", null);
        } finally {
            resourceManager.stop();
        }
    }
}
