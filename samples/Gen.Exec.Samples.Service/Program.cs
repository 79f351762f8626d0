using Gen.Exec.Samples.Service;
using Microsoft.AspNetCore.Builder;

// The slim builder: no reflection-heavy defaults, ready for Native AOT (PublishAot in the project file).
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddRetrievalSample(builder.Configuration);

WebApplication app = builder.Build();
app.MapRetrievalSample();
app.Run();

/// <summary>The entry point, public so that tests can start the app with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
