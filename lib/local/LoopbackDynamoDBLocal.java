import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local listening on 127.0.0.1 only (run by lib/local/dynamodb-local.ts with Java's
 * source-file launcher, the jar on the class path; arguments as for the jar).
 *
 * The jar has no option for the address: its server is built with Jetty's Server(port), which
 * listens on every interface. This builds the same server from the same arguments, sets the
 * host of its connector to the loopback address, and starts it. It relies on a private field
 * of the pinned jar version (scripts/fetch-dynamodb-local.mjs); if that ever changes, it exits
 * with a message instead of listening on every interface.
 */
public class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    if (proxy == null) System.exit(2); // the arguments were refused; the runner printed why
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Server jetty = (Server) field.get(proxy);
      Connector[] connectors = jetty.getConnectors();
      if (connectors.length == 0) throw new IllegalStateException("no connector");
      for (Connector connector : connectors) ((ServerConnector) connector).setHost("127.0.0.1");
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("LoopbackDynamoDBLocal: cannot bind this DynamoDB Local version to 127.0.0.1 (" + e + ")");
      System.exit(3);
    }
    proxy.start();
  }
}
