package dev.channels.local.lambda.bootstrap;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a handler the way Lambda's Java runtime does:
 * <ul>
 *   <li>{@code pkg.Class}: the class implements {@link RequestStreamHandler} or {@link RequestHandler} (its type
 *       arguments, resolved through superclasses, are the event and response types);</li>
 *   <li>{@code pkg.Class::method}: the public methods of that name, non-bridge first, then the longest signature
 *       (a trailing {@link Context} counting one more), the first of these shapes: {@code (InputStream,
 *       OutputStream[, Context])}, {@code (OutputStream[, Context])}, {@code (InputStream[, Context])},
 *       {@code (Event[, Context])}, {@code (Context)}, {@code ()}; a static method needs no instance.</li>
 * </ul>
 * The class is constructed once, with its public no-argument constructor (the init phase). Events and responses
 * go through {@code aws-lambda-java-serialization}: its event serializers for the types it knows
 * ({@code SQSEvent}, {@code DynamodbEvent}, {@code SQSBatchResponse}, {@code StreamsEventResponse}, ...), its
 * Jackson factory for every other type.
 */
final class HandlerLoader {
    private static final String SHAPES = "(Event[, Context]), (InputStream, OutputStream[, Context]), (Context) or ()";
    /**
     * Non-bridge methods first, then the heaviest signature. An anonymous class, as is {@link MethodHandler}, not
     * lambdas or streams: a function JVM's first lambda costs tens of milliseconds of init.
     */
    private static final Comparator<Method> PRIORITY = new Comparator<>() {
        @Override
        public int compare(Method a, Method b) {
            if (a.isBridge() != b.isBridge()) {
                return a.isBridge() ? 1 : -1;
            }
            return Integer.compare(weight(b), weight(a));
        }
    };

    private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

    private enum Role { EVENT, INPUT, OUTPUT, CONTEXT }

    private HandlerLoader() {
    }

    static Handler load(String handler, ClassLoader loader) throws InitException {
        if (handler == null || handler.isBlank()) {
            throw new InitException("No handler: _HANDLER must be pkg.Class::method or pkg.Class");
        }
        int colons = handler.lastIndexOf("::");
        String className = colons < 0 ? handler : handler.substring(0, colons);
        String methodName = colons < 0 ? null : handler.substring(colons + 2);
        if (className.isEmpty() || (methodName != null && methodName.isEmpty())) {
            throw new InitException("Invalid handler " + handler + ": expected pkg.Class::method or pkg.Class");
        }
        Class<?> type = loadClass(className, loader);
        Method method = methodName == null ? interfaceMethod(type) : namedMethod(type, methodName);
        Object instance = Modifier.isStatic(method.getModifiers()) ? null : construct(type);
        return bind(type, instance, method, loader);
    }

    private static Class<?> loadClass(String className, ClassLoader loader) throws InitException {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new InitException("Class not found: " + className, e);
        } catch (LinkageError e) { // a missing dependency, or a static initializer that threw
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            throw new InitException("Cannot load class " + className + ": " + cause, cause);
        }
    }

    /** {@code pkg.Class} alone: the interface's method, called on the instance. */
    private static Method interfaceMethod(Class<?> type) throws InitException {
        try {
            if (RequestStreamHandler.class.isAssignableFrom(type)) {
                return RequestStreamHandler.class.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class);
            }
            if (RequestHandler.class.isAssignableFrom(type)) {
                return RequestHandler.class.getMethod("handleRequest", Object.class, Context.class);
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e); // the interfaces declare them
        }
        throw new InitException("Class " + type.getName() + " implements neither RequestHandler nor RequestStreamHandler: "
                + "name its method (" + type.getName() + "::method)");
    }

    private static Method namedMethod(Class<?> type, String name) throws InitException {
        List<Method> candidates = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name)) {
                candidates.add(method);
            }
        }
        if (candidates.isEmpty()) {
            throw new InitException("Class " + type.getName() + " has no public method named " + name);
        }
        candidates.sort(PRIORITY);
        for (Method candidate : candidates) {
            if (roles(candidate) != null) {
                return candidate;
            }
        }
        throw new InitException("No public method named " + name + " with a handler signature on class " + type.getName() + ": " + SHAPES);
    }

    private static int weight(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        boolean context = parameters.length > 0 && parameters[parameters.length - 1] == Context.class;
        return parameters.length + (context ? 1 : 0);
    }

    /** What each parameter receives, or null when the method has no handler signature. */
    private static Role[] roles(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length > 3) {
            return null;
        }
        Role[] roles = new Role[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i];
            boolean last = i == parameters.length - 1;
            if (parameter == Context.class) {
                if (!last) {
                    return null;
                }
                roles[i] = Role.CONTEXT;
            } else if (parameter == OutputStream.class && (i == 0 || (i == 1 && roles[0] == Role.INPUT))) {
                roles[i] = Role.OUTPUT;
            } else if (i == 0) {
                roles[i] = parameter == InputStream.class ? Role.INPUT : Role.EVENT;
            } else {
                return null;
            }
        }
        return roles;
    }

    private static Object construct(Class<?> type) throws InitException {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new InitException("Class " + type.getName() + " has no public no-argument constructor"
                    + (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers()) ? " (it is a non-static inner class)" : ""), e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InitException("Constructing " + type.getName() + " failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new InitException("Cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private static Handler bind(Class<?> type, Object instance, Method method, ClassLoader loader) {
        Role[] roles = roles(method);
        Type[] parameters = method.getGenericParameterTypes();
        PojoSerializer<Object> input = null;
        boolean streams = false;
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] == Role.EVENT) {
                input = serializer(resolve(parameters[i], type), loader);
            }
            streams |= roles[i] == Role.OUTPUT;
        }
        Type returned = resolve(method.getGenericReturnType(), type);
        PojoSerializer<Object> output = streams || isVoid(returned) ? null : serializer(returned, loader);
        return new MethodHandler(instance, method, roles, input, output, streams);
    }

    /** Calls the handler method with what each parameter receives; writes the response JSON. */
    private static final class MethodHandler implements Handler {
        private final Object instance;
        private final Method method;
        private final Role[] roles;
        private final PojoSerializer<Object> input;
        private final PojoSerializer<Object> output;
        private final boolean streams;

        MethodHandler(Object instance, Method method, Role[] roles, PojoSerializer<Object> input, PojoSerializer<Object> output,
                      boolean streams) {
            this.instance = instance;
            this.method = method;
            this.roles = roles;
            this.input = input;
            this.output = output;
            this.streams = streams;
        }

        @Override
        public byte[] handle(byte[] event, Context context) throws Throwable {
            Object[] arguments = new Object[roles.length];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < roles.length; i++) {
                arguments[i] = switch (roles[i]) {
                    case EVENT -> deserialize(input, event);
                    case INPUT -> new ByteArrayInputStream(event);
                    case OUTPUT -> out;
                    case CONTEXT -> context;
                };
            }
            Object result;
            try {
                result = method.invoke(instance, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause() == null ? e : e.getCause();
            }
            if (streams) {
                return out.toByteArray();
            }
            if (output == null) {
                return NULL;
            }
            try {
                output.toJson(result, out);
            } catch (RuntimeException e) {
                throw new IllegalStateException("An error occurred during JSON serialization of response", e);
            }
            return out.toByteArray();
        }
    }

    private static Object deserialize(PojoSerializer<Object> serializer, byte[] event) {
        try {
            return serializer.fromJson(new ByteArrayInputStream(event));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("An error occurred during JSON parsing", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        if (type instanceof Class<?> event && LambdaEventSerializers.isLambdaSupportedEvent(event.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(event, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static boolean isVoid(Type type) {
        return type == void.class || type == Void.class;
    }

    /**
     * {@code type} with the type variables that {@code owner}'s superclasses and interfaces bind replaced
     * ({@code RequestHandler<I, O>}'s {@code I} is {@code SQSEvent} for {@code Ingest implements
     * RequestHandler<SQSEvent, ...>}); a variable nothing binds becomes its bound.
     */
    static Type resolve(Type type, Class<?> owner) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        collect(owner, bindings);
        Type resolved = type;
        while (resolved instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
            resolved = bindings.get(variable);
        }
        return resolved instanceof TypeVariable<?> variable ? variable.getBounds()[0] : resolved;
    }

    private static void collect(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> rawClass) {
            raw = rawClass;
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < arguments.length; i++) {
                bindings.putIfAbsent(variables[i], arguments[i]);
            }
        } else if (type instanceof Class<?> plain) {
            raw = plain;
        } else {
            return;
        }
        if (raw.getGenericSuperclass() != null) {
            collect(raw.getGenericSuperclass(), bindings);
        }
        for (Type implemented : raw.getGenericInterfaces()) {
            collect(implemented, bindings);
        }
    }
}
