package dev.riffle.grid.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HadoopXmlTest {

    @Test
    void shouldWriteEachSettingAsAPropertyWithSpecialCharactersEscaped() {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("a.b", "x<y&z>");
        settings.put("c", "--v");

        final String xml = HadoopXml.render("made -- by a test", settings);

        assertThat(xml).contains("<!-- made - - by a test -->",
                "<property><name>a.b</name><value>x&lt;y&amp;z&gt;</value></property>",
                "<property><name>c</name><value>--v</value></property>");
        assertThat(xml.indexOf("a.b")).isLessThan(xml.indexOf("<name>c<"));
    }

    @Test
    void shouldGiveTheGridTheCommonSettingsOfEveryYarnPlusItsAddresses() {
        final Path dir = Path.of("/g/yarn");
        final Map<String, String> grid = YarnSite.grid(dir, Path.of("/g/conf"), Path.of("/lib"),
                new YarnSite.Ports(1, 2, 3, 4, 5, 6, 7, 8));

        assertThat(grid).containsAllEntriesOf(YarnSite.common(dir))
                .containsEntry("yarn.resourcemanager.address", "127.0.0.1:1")
                .containsEntry("yarn.resourcemanager.webapp.address", "127.0.0.1:5")
                .containsEntry("yarn.nodemanager.address", "127.0.0.1:6")
                .containsEntry("yarn.application.classpath", "/g/conf,/lib/*");
        assertThat(YarnSite.common(dir)).containsEntry("yarn.log-aggregation-enable", "true")
                .containsEntry("fs.defaultFS", "file:///");
    }
}
