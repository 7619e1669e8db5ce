package dev.riffle.grid.service;

import java.util.Map;

/** Writes Hadoop's {@code <configuration>} XML (core-site, yarn-site) without Hadoop on the classpath. */
public final class HadoopXml {

    private HadoopXml() {
    }

    /** The settings as a Hadoop configuration file, in their order, with XML special characters escaped. */
    public static String render(final String comment, final Map<String, String> settings) {
        final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!-- ").append(comment.replace("--", "- -")).append(" -->\n<configuration>\n");
        settings.forEach((name, value) -> xml.append("  <property><name>").append(escape(name))
                .append("</name><value>").append(escape(value)).append("</value></property>\n"));
        return xml.append("</configuration>\n").toString();
    }

    private static String escape(final String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
