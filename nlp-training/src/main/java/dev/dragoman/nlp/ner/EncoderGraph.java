package dev.dragoman.nlp.ner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts a transformer encoder's ONNX graph after one of its layers: the graph's output becomes that layer's output and
 * every node, initializer and value annotation the new output does not depend on is dropped, so ONNX Runtime runs the
 * first layers only. Works on the protobuf wire format (ModelProto, GraphProto, NodeProto field numbers of
 * {@code onnx.proto}); everything it does not need to touch is copied byte for byte.
 */
final class EncoderGraph {

    // ModelProto.graph; GraphProto.node, initializer, input, output, value_info; NodeProto.input, output;
    // ValueInfoProto.name, type; TensorProto.name
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TENSOR_NAME = 8;

    private EncoderGraph() {
    }

    /** The name of the tensor a BERT-style export gives the output of layer {@code layer} (0-based). */
    static String layerOutput(int layer) {
        return "/encoder/layer." + layer + "/output/LayerNorm/Add_1_output_0";
    }

    /** The model with {@code output} as its only output, and only what computes it. */
    static byte[] truncate(byte[] model, String output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length);
        boolean found = false;
        for (Field f : fields(model, 0, model.length)) {
            if (f.number == MODEL_GRAPH && f.wire == 2) {
                write(out, MODEL_GRAPH, truncateGraph(model, f, output));
                found = true;
            } else {
                out.write(model, f.start, f.end - f.start);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no graph in the model");
        }
        return out.toByteArray();
    }

    private static byte[] truncateGraph(byte[] model, Field graph, String output) {
        List<Field> fields = fields(model, graph.valueStart, graph.end);
        List<Field> nodes = fields.stream().filter(f -> f.number == GRAPH_NODE).toList();
        Set<String> needed = new HashSet<>();
        needed.add(output);
        Set<Field> kept = new HashSet<>();
        boolean produced = false;
        for (int n = nodes.size() - 1; n >= 0; n--) {
            Field node = nodes.get(n);
            List<String> inputs = new ArrayList<>();
            boolean useful = false;
            for (Field f : fields(model, node.valueStart, node.end)) {
                if (f.number == NODE_OUTPUT && needed.contains(f.string(model))) {
                    useful = true;
                    produced |= f.string(model).equals(output);
                } else if (f.number == NODE_INPUT) {
                    inputs.add(f.string(model));
                }
            }
            if (useful) {
                kept.add(node);
                needed.addAll(inputs);
            }
        }
        if (!produced) {
            throw new IllegalArgumentException("no node of the graph computes " + output);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(graph.end - graph.valueStart);
        byte[] type = null;
        for (Field f : fields) {
            switch (f.number) {
                case GRAPH_NODE -> {
                    if (kept.contains(f)) {
                        out.write(model, f.start, f.end - f.start);
                    }
                }
                case GRAPH_INITIALIZER, GRAPH_VALUE_INFO -> {
                    int nameField = f.number == GRAPH_INITIALIZER ? TENSOR_NAME : VALUE_NAME;
                    String name = null;
                    for (Field g : fields(model, f.valueStart, f.end)) {
                        if (g.number == nameField) {
                            name = g.string(model);
                        }
                    }
                    if (name == null || needed.contains(name)) {
                        out.write(model, f.start, f.end - f.start);
                    }
                }
                case GRAPH_OUTPUT -> {
                    // the old outputs go; the new one takes the first's type (float, batch x pieces x hidden)
                    for (Field g : fields(model, f.valueStart, f.end)) {
                        if (g.number == VALUE_TYPE && type == null) {
                            type = java.util.Arrays.copyOfRange(model, g.start, g.end);
                        }
                    }
                }
                default -> out.write(model, f.start, f.end - f.start);
            }
        }
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        write(value, VALUE_NAME, output.getBytes(StandardCharsets.UTF_8));
        if (type != null) {
            value.write(type, 0, type.length);
        }
        write(out, GRAPH_OUTPUT, value.toByteArray());
        return out.toByteArray();
    }

    /** One field of a message: its number and wire type, where it starts (tag) and ends, where its value starts. */
    private record Field(int number, int wire, int start, int valueStart, int end) {
        String string(byte[] data) {
            return new String(data, valueStart, end - valueStart, StandardCharsets.UTF_8);
        }
    }

    private static List<Field> fields(byte[] data, int from, int to) {
        List<Field> fields = new ArrayList<>();
        int[] at = {from};
        while (at[0] < to) {
            int start = at[0];
            long tag = varint(data, at);
            int wire = (int) (tag & 7);
            int number = (int) (tag >>> 3);
            int valueStart = at[0];
            switch (wire) {
                case 0 -> varint(data, at);
                case 1 -> at[0] += 8;
                case 5 -> at[0] += 4;
                case 2 -> {
                    int length = (int) varint(data, at);
                    valueStart = at[0];
                    at[0] += length;
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
            }
            if (at[0] > to) {
                throw new IllegalArgumentException("truncated protobuf message");
            }
            fields.add(new Field(number, wire, start, valueStart, at[0]));
        }
        return fields;
    }

    private static long varint(byte[] data, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = data[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private static void write(ByteArrayOutputStream out, int number, byte[] value) {
        writeVarint(out, ((long) number << 3) | 2);
        writeVarint(out, value.length);
        out.write(value, 0, value.length);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
