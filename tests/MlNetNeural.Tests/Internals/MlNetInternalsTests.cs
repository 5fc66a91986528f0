using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetNeural.Perceptron;

namespace MlNetNeural.Tests.Internals;

/// <summary>
/// One test per ML.NET internal the project touches (the README's "How the trainers reach ML.NET's internals"): an ML.NET upgrade that
/// moves, renames or re-signs one of them must fail here rather than in a user's process. Every
/// check reflects over the real run-time ML.NET assemblies, not the publicized compile-time copies.
/// </summary>
public sealed class MlNetInternalsTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly string[] MlNetAssemblyNames = ["Microsoft.ML.Core", "Microsoft.ML.Data", "Microsoft.ML.StandardTrainers"];

    private static Assembly Core => LoadMlNet("Microsoft.ML.Core");

    private static Assembly Data => LoadMlNet("Microsoft.ML.Data");

    private static readonly Assembly[] OurAssemblies = [typeof(PerceptronBinaryModelParameters).Assembly, typeof(PerceptronBinaryTrainer).Assembly];

    // ----- The version and the access mechanism -----

    [Fact]
    public void The_run_time_MLNET_is_the_pinned_5_0_1_and_not_a_publicized_copy()
    {
        foreach (string name in MlNetAssemblyNames)
        {
            var assembly = LoadMlNet(name);
            string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            Assert.StartsWith("5.0.1", version);
            Assert.DoesNotContain("publicized", assembly.Location);
        }
        // The publicizer makes every type public; the real TrainerEstimatorBase's constructor is private protected.
        var ctor = Type(Data, "Microsoft.ML.Trainers.TrainerEstimatorBase`2").GetConstructors(Declared).Single();
        Assert.True(ctor.IsFamilyAndAssembly, "the loaded Microsoft.ML.Data is not the original");
    }

    [Fact]
    public void Our_assemblies_ignore_access_checks_to_exactly_the_three_MLNET_assemblies()
    {
        foreach (var assembly in OurAssemblies)
        {
            var attributes = assembly.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute")
                .ToList();
            Assert.Equal(3, attributes.Count);
            var named = attributes.Select(a => (string)a.ConstructorArguments.Single().Value!).Order().ToArray();
            Assert.Equal(MlNetAssemblyNames, named);
            // Each name must be the simple name of an assembly that really loads.
            Assert.All(named, n => Assert.Equal(n, LoadMlNet(n).GetName().Name));

            // The runtime only honours an attribute declared as the design says.
            var type = attributes[0].AttributeType;
            Assert.Same(assembly, type.Assembly);
            Assert.False(type.IsPublic);
            var usage = type.GetCustomAttribute<AttributeUsageAttribute>()!;
            Assert.Equal(AttributeTargets.Assembly, usage.ValidOn);
            Assert.True(usage.AllowMultiple);
        }
    }

    [Fact]
    public void IgnoresAccessChecksTo_works_every_type_of_ours_loads_and_overrides_MLNET_internals()
    {
        // Loading a type that overrides a `private protected` ML.NET member without run-time access
        // fails with TypeLoadException ("overriding a method that is not visible from that assembly").
        foreach (var assembly in OurAssemblies)
        {
            var types = assembly.GetTypes();
            Assert.NotEmpty(types);
        }
        var saveCore = typeof(PerceptronBinaryModelParameters).GetMethod("SaveCore", Declared)!;
        Assert.Equal(Type(Data, "Microsoft.ML.Trainers.ModelParametersBase`1"), saveCore.GetBaseDefinition().DeclaringType!.GetGenericTypeDefinition());
        var trainModel = typeof(PerceptronBinaryTrainer).BaseType!.GetMethod("TrainModelCore", Declared)!;
        Assert.Equal(Type(Data, "Microsoft.ML.Trainers.TrainerEstimatorBase`2"), trainModel.GetBaseDefinition().DeclaringType!.GetGenericTypeDefinition());

        // And using them end to end (internal base constructors, internal transformer constructor).
        var ml = new MLContext(seed: 1);
        var model = new PerceptronBinaryModelParameters(ml, [1f, -1f], 0.5f, [0]);
        Assert.Equal(1.5f, model.Score([1f, 0f]));
    }

    [Fact]
    public void Every_MLNET_member_and_type_our_assemblies_reference_resolves_at_run_time()
    {
        // A broad net under the specific tests below: each member reference compiled into our
        // assemblies that points into ML.NET must bind against the run-time ML.NET.
        int touched = 0;
        foreach (var assembly in OurAssemblies)
        {
            using var pe = new PEReader(File.OpenRead(assembly.Location));
            var metadata = pe.GetMetadataReader();
            var module = assembly.ManifestModule;
            foreach (var handle in metadata.TypeReferences)
            {
                var type = module.ResolveType(MetadataTokens.GetToken(handle));
                if (MlNetAssemblyNames.Contains(type.Assembly.GetName().Name))
                    touched++;
            }
            foreach (var handle in metadata.MemberReferences)
            {
                if (!PointsIntoMlNet(metadata, metadata.GetMemberReference(handle).Parent))
                    continue;
                string name = metadata.GetString(metadata.GetMemberReference(handle).Name);
                MemberInfo? member;
                try
                {
                    member = module.ResolveMember(MetadataTokens.GetToken(handle));
                }
                catch (ArgumentException)
                {
                    // Made inside generic code (ValueMapper<TSrc, TDst> in GetMapper): no context to
                    // instantiate it, so look for the member on the open generic type instead.
                    member = ResolveOnOpenType(metadata, module, metadata.GetMemberReference(handle));
                }
                Assert.True(member is not null, $"{assembly.GetName().Name}: ML.NET member '{name}' did not resolve");
                Assert.Contains(member.DeclaringType!.Assembly.GetName().Name, MlNetAssemblyNames);
                touched++;
            }
        }
        Assert.True(touched > 20, $"only {touched} ML.NET references found: the scan is not looking at the right thing");
    }

    // ----- Trainer side -----

    [Fact]
    public void TrainerEstimatorBase_has_the_host_and_three_columns_constructor()
    {
        var type = Type(Data, "Microsoft.ML.Trainers.TrainerEstimatorBase`2");
        var column = typeof(SchemaShape.Column);
        Assert.NotNull(type.GetConstructor(Declared, [typeof(IHost), column, column, column]));
        Assert.Equal(typeof(IHost), Field(type, "Host").FieldType);
        Assert.Equal(column, Field(type, "FeatureColumn").FieldType);
        Assert.Equal(column, Field(type, "LabelColumn").FieldType);
        Assert.Equal(column, Field(type, "WeightColumn").FieldType);
    }

    [Fact]
    public void TrainerEstimatorBase_has_the_abstract_members_our_trainers_override()
    {
        var type = Type(Data, "Microsoft.ML.Trainers.TrainerEstimatorBase`2");
        var args = type.GetGenericArguments(); // TTransformer, TModel
        var predictionKind = Type(Core, "Microsoft.ML.PredictionKind");

        Assert.True(Property(type, "PredictionKind", predictionKind).GetMethod!.IsAbstract);
        Assert.True(Property(type, "Info", Type(Core, "Microsoft.ML.TrainerInfo")).GetMethod!.IsAbstract);
        Assert.True(Method(type, "GetOutputColumnsCore", typeof(SchemaShape.Column[]), typeof(SchemaShape)).IsAbstract);
        Assert.True(Method(type, "TrainModelCore", args[1], Type(Core, "Microsoft.ML.TrainContext")).IsAbstract);
        Assert.True(Method(type, "MakeTransformer", args[0], args[1], typeof(DataViewSchema)).IsAbstract);
        var checkLabel = Method(type, "CheckLabelCompatible", typeof(void), typeof(SchemaShape.Column));
        Assert.True(checkLabel.IsVirtual && !checkLabel.IsAbstract && !checkLabel.IsFinal);
    }

    [Fact]
    public void TrainContext_exposes_the_training_set_as_RoleMappedData_with_feature_label_and_weight_roles()
    {
        var roleMappedData = Type(Core, "Microsoft.ML.Data.RoleMappedData");
        var roleMappedSchema = Type(Core, "Microsoft.ML.Data.RoleMappedSchema");
        var trainContext = Type(Core, "Microsoft.ML.TrainContext");
        Assert.Same(roleMappedData, Property(trainContext, "TrainingSet", roleMappedData).PropertyType);
        Assert.Same(roleMappedData, Property(trainContext, "ValidationSet", roleMappedData).PropertyType);
        Property(roleMappedData, "Data", typeof(IDataView));
        Property(roleMappedData, "Schema", roleMappedSchema);
        foreach (string role in new[] { "Feature", "Label", "Weight" })
            Property(roleMappedSchema, role, typeof(DataViewSchema.Column?));
    }

    [Fact]
    public void TrainerInfo_has_the_six_flag_constructor()
    {
        var ctor = Type(Core, "Microsoft.ML.TrainerInfo").GetConstructor(Declared, Enumerable.Repeat(typeof(bool), 6).ToArray());
        Assert.NotNull(ctor);
        Assert.Equal(["normalization", "calibration", "caching", "supportValid", "supportIncrementalTrain", "supportTest"],
            ctor.GetParameters().Select(p => p.Name));
    }

    [Theory]
    [InlineData("MakeR4VecFeature", SchemaShape.Column.VectorKind.Vector, "Single")]
    [InlineData("MakeBoolScalarLabel", SchemaShape.Column.VectorKind.Scalar, "Boolean")]
    [InlineData("MakeU4ScalarColumn", SchemaShape.Column.VectorKind.Scalar, "UInt32")]
    [InlineData("MakeR4ScalarWeightColumn", SchemaShape.Column.VectorKind.Scalar, "Single")]
    public void TrainerUtils_makes_the_schema_columns_our_trainers_declare(string name, SchemaShape.Column.VectorKind kind, string itemType)
    {
        var method = Method(Type(Data, "Microsoft.ML.Trainers.TrainerUtils"), name, typeof(SchemaShape.Column), typeof(string));
        Assert.True(method.IsStatic);
        var column = (SchemaShape.Column)method.Invoke(null, ["C"])!;
        Assert.Equal("C", column.Name);
        Assert.Equal(kind, column.Kind);
        Assert.Equal(itemType, column.ItemType.RawType.Name);
    }

    [Fact]
    public void TrainerUtils_weight_column_of_null_is_the_invalid_default_column()
    {
        // Our trainers pass a null ExampleWeightColumnName straight through: that must mean "no weight".
        var method = Method(Type(Data, "Microsoft.ML.Trainers.TrainerUtils"), "MakeR4ScalarWeightColumn", typeof(SchemaShape.Column), typeof(string));
        var column = (SchemaShape.Column)method.Invoke(null, [null])!;
        Assert.Null(column.Name);
    }

    [Fact]
    public void AnnotationUtils_provides_the_trainer_output_annotations()
    {
        var type = Type(Core, "Microsoft.ML.Data.AnnotationUtils");
        var columns = typeof(IEnumerable<SchemaShape.Column>);
        Assert.True(Method(type, "GetTrainerOutputAnnotation", columns, typeof(bool)).IsStatic);
        Assert.True(Method(type, "AnnotationsForMulticlassScoreColumn", columns, typeof(SchemaShape.Column?)).IsStatic);
    }

    [Fact]
    public void CatalogUtils_GetEnvironment_reaches_the_environment_of_the_trainer_catalogs()
    {
        var catalog = Type(Data, "Microsoft.ML.Data.IInternalCatalog");
        var method = Method(Type(Data, "Microsoft.ML.Data.CatalogUtils"), "GetEnvironment", typeof(IHostEnvironment), catalog);
        Assert.True(method.IsStatic && method.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)));
        Assert.True(catalog.IsAssignableFrom(typeof(BinaryClassificationCatalog.BinaryClassificationTrainers)));
        Assert.True(catalog.IsAssignableFrom(typeof(MulticlassClassificationCatalog.MulticlassClassificationTrainers)));
        Assert.True(catalog.IsAssignableFrom(typeof(RegressionCatalog.RegressionTrainers)));

        var ml = new MLContext(seed: 1);
        Assert.NotNull(method.Invoke(null, [ml.BinaryClassification.Trainers]));
    }

    [Fact]
    public void Contracts_has_the_helpers_we_call()
    {
        var contracts = Type(Core, "Microsoft.ML.Runtime.Contracts");
        var checkAlive = Method(contracts, "CheckAlive", typeof(void), typeof(IHostEnvironment));
        Assert.True(checkAlive.IsStatic && checkAlive.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute)));

        Assert.Contains(contracts.GetMethods(Declared), m => m.Name == "CheckRef" && m.IsGenericMethodDefinition
            && m.GetParameters().Length == 2 && m.GetParameters()[1].ParameterType == typeof(string));

        // ModelDecoder throws through ExceptDecode so that ML.NET's loader reports it like its own errors.
        var exceptDecode = Method(contracts, "ExceptDecode", typeof(Exception), typeof(string));
        var ex = (Exception)exceptDecode.Invoke(null, ["bad"])!;
        Assert.IsType<FormatException>(ex);
        Assert.True(ex.Data.Contains("ML_IsMarked"), "ExceptDecode no longer marks its exception; the loader would rethrow it raw");
    }

    [Fact]
    public void Prediction_transformers_have_the_internal_constructors_our_trainers_call()
    {
        var env = typeof(IHostEnvironment);
        var binary = typeof(BinaryPredictionTransformer<PerceptronBinaryModelParameters>);
        Assert.NotNull(binary.GetConstructor(Declared, [env, typeof(PerceptronBinaryModelParameters), typeof(DataViewSchema), typeof(string), typeof(float), typeof(string)]));

        var multiclass = typeof(MulticlassPredictionTransformer<PerceptronMulticlassModelParameters>);
        Assert.NotNull(multiclass.GetConstructor(Declared,
            [env, typeof(PerceptronMulticlassModelParameters), typeof(DataViewSchema), typeof(string), typeof(string), typeof(string), typeof(string)]));

        var regression = typeof(RegressionPredictionTransformer<>);
        var model = regression.GetGenericArguments()[0];
        Assert.NotNull(regression.GetConstructors(Declared).SingleOrDefault(c =>
            c.GetParameters().Select(p => p.ParameterType).SequenceEqual([env, model, typeof(DataViewSchema), typeof(string)])));
        Assert.All(new[] { binary, multiclass, regression }, t => Assert.Same(Data, t.Assembly));
    }

    [Fact]
    public void TrainTestData_has_the_internal_two_view_constructor_StratifiedSplit_calls()
    {
        // StratifiedSplit returns ML.NET's own split type, whose only constructor is internal.
        var type = typeof(DataOperationsCatalog.TrainTestData);
        var constructor = type.GetConstructor(Declared, [typeof(IDataView), typeof(IDataView)]);
        Assert.NotNull(constructor);
        Assert.True(constructor.IsAssembly);
        Assert.Same(Data, type.Assembly);
    }

    // ----- Prediction side -----

    [Fact]
    public void ModelParametersBase_has_the_saving_and_loading_constructors_and_SaveCore()
    {
        var type = Type(Data, "Microsoft.ML.Trainers.ModelParametersBase`1");
        var loadContext = Type(Core, "Microsoft.ML.ModelLoadContext");
        Assert.NotNull(type.GetConstructor(Declared, [typeof(IHostEnvironment), typeof(string)]));
        Assert.NotNull(type.GetConstructor(Declared, [typeof(IHostEnvironment), typeof(string), loadContext]));
        var saveCore = Method(type, "SaveCore", typeof(void), Type(Core, "Microsoft.ML.ModelSaveContext"));
        Assert.True(saveCore.IsVirtual && !saveCore.IsAbstract);
        Assert.True(Property(type, "PredictionKind", Type(Core, "Microsoft.ML.PredictionKind")).GetMethod!.IsAbstract);
    }

    [Fact]
    public void IValueMapper_and_IValueMapperDist_and_the_ValueMapper_delegates_keep_their_shape()
    {
        var mapper = Type(Core, "Microsoft.ML.Data.IValueMapper");
        var dist = Type(Core, "Microsoft.ML.Data.IValueMapperDist");
        var valueMapper2 = Type(Core, "Microsoft.ML.Data.ValueMapper`2");
        var valueMapper3 = Type(Core, "Microsoft.ML.Data.ValueMapper`3");
        Assert.True(mapper.IsInterface && dist.IsInterface);
        Assert.Contains(mapper, dist.GetInterfaces());

        Property(mapper, "InputType", typeof(DataViewType));
        Property(mapper, "OutputType", typeof(DataViewType));
        Property(dist, "DistType", typeof(DataViewType));

        var getMapper = mapper.GetMethods(Declared).Single(m => m.Name == "GetMapper");
        Assert.Equal(2, getMapper.GetGenericArguments().Length);
        Assert.Empty(getMapper.GetParameters());
        Assert.Same(valueMapper2, getMapper.ReturnType.GetGenericTypeDefinition());
        var getDistMapper = dist.GetMethods(Declared).Single(m => m.Name == "GetMapper");
        Assert.Equal(3, getDistMapper.GetGenericArguments().Length);
        Assert.Same(valueMapper3, getDistMapper.ReturnType.GetGenericTypeDefinition());

        // delegate void ValueMapper<TSrc, TDst>(in TSrc src, ref TDst dst)
        var invoke = valueMapper2.GetMethod("Invoke")!;
        var parameters = invoke.GetParameters();
        Assert.Equal(typeof(void), invoke.ReturnType);
        Assert.Equal(2, parameters.Length);
        Assert.True(parameters[0].ParameterType.IsByRef && parameters[0].IsIn, "src must be an 'in' parameter");
        Assert.True(parameters[1].ParameterType.IsByRef && !parameters[1].IsIn && !parameters[1].IsOut, "dst must be a 'ref' parameter");

        Assert.Contains(mapper, typeof(PerceptronBinaryModelParameters).GetInterfaces());
        Assert.Contains(mapper, typeof(PerceptronMulticlassModelParameters).GetInterfaces());
    }

    [Fact]
    public void Feature_contribution_internals_keep_the_shape_our_models_implement_and_call()
    {
        var calculate = Type(Data, "Microsoft.ML.Trainers.ICalculateFeatureContribution");
        var mapper = Type(Data, "Microsoft.ML.Trainers.IFeatureContributionMapper");
        var calculator = Type(Data, "Microsoft.ML.Trainers.FeatureContributionCalculator");
        Assert.True(calculate.IsPublic && calculate.IsInterface);
        Assert.True(!mapper.IsPublic && mapper.IsInterface, "IFeatureContributionMapper is internal: our models reach it through IgnoresAccessChecksTo");
        Property(calculate, "FeatureContributionCalculator", calculator);
        Assert.NotNull(calculator.GetConstructor(Declared, [mapper]));

        // ValueMapper<TSrc, VBuffer<float>> GetFeatureContributionMapper<TSrc, TDst>(int top, int bottom, bool normalize)
        var getMapper = mapper.GetMethods(Declared).Single(m => m.Name == "GetFeatureContributionMapper");
        Assert.Equal(2, getMapper.GetGenericArguments().Length);
        Assert.Equal([typeof(int), typeof(int), typeof(bool)], getMapper.GetParameters().Select(p => p.ParameterType));
        Assert.Same(Type(Core, "Microsoft.ML.Data.ValueMapper`2"), getMapper.ReturnType.GetGenericTypeDefinition());

        // The selection and normalisation ML.NET's linear and tree models use, which ours call.
        var vectorUtils = Type(Data, "Microsoft.ML.Numeric.VectorUtils");
        Assert.True(Method(vectorUtils, "SparsifyNormalize", typeof(void), typeof(VBuffer<float>).MakeByRefType(), typeof(int), typeof(int), typeof(bool)).IsStatic);

        foreach (var model in new[] { typeof(MlNetNeural.Mlp.MlpBinaryModelParameters), typeof(MlNetNeural.Mlp.MlpRegressionModelParameters), typeof(PerceptronBinaryModelParameters) })
            Assert.Contains(mapper, model.GetInterfaces());
        Assert.DoesNotContain(mapper, typeof(MlNetNeural.Mlp.MlpMulticlassModelParameters).GetInterfaces());
    }

    [Fact]
    public void LoadableClassAttribute_and_SignatureLoadModel_register_our_models()
    {
        var attribute = Type(Core, "Microsoft.ML.LoadableClassAttribute");
        var signature = Type(Core, "Microsoft.ML.SignatureLoadModel");
        var loadContext = Type(Core, "Microsoft.ML.ModelLoadContext");
        var ctor = attribute.GetConstructor(Declared, [typeof(Type), typeof(Type), typeof(Type), typeof(string), typeof(string[])]);
        Assert.NotNull(ctor);
        Assert.True(ctor.GetParameters()[^1].IsDefined(typeof(ParamArrayAttribute)));
        Assert.True(typeof(Delegate).IsAssignableFrom(signature));
        Assert.Equal([loadContext], signature.GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType));

        // Our prediction assembly carries one registration per model, through exactly that constructor.
        var registrations = typeof(PerceptronBinaryModelParameters).Assembly.GetCustomAttributesData()
            .Where(a => a.AttributeType == attribute).ToList();
        foreach (var (model, loaderSignature) in new[]
        {
            (typeof(PerceptronBinaryModelParameters), "MlNetNeuralPerceptronBin"),
            (typeof(PerceptronMulticlassModelParameters), "MlNetNeuralPerceptronMc"),
        })
        {
            var registration = Assert.Single(registrations, r => (Type?)r.ConstructorArguments[0].Value == model);
            Assert.Equal(ctor, registration.Constructor);
            Assert.Null(registration.ConstructorArguments[1].Value);
            Assert.Equal(signature, registration.ConstructorArguments[2].Value);
            var names = (IReadOnlyCollection<CustomAttributeTypedArgument>)registration.ConstructorArguments[4].Value!;
            Assert.Equal([loaderSignature], names.Select(n => (string)n.Value!));
            Assert.InRange(loaderSignature.Length, 1, 24);
        }
    }

    [Theory]
    [InlineData(typeof(PerceptronBinaryModelParameters))]
    [InlineData(typeof(PerceptronMulticlassModelParameters))]
    public void Our_loading_entry_point_avoids_both_silent_traps(Type model)
    {
        // ML.NET silently prefers the loading constructor (skipping Create and its version check)
        // when Create is less visible than it, or when Create does not return exactly the model type.
        var loadContext = Type(Core, "Microsoft.ML.ModelLoadContext");
        var create = model.GetMethod("Create", Declared, [typeof(IHostEnvironment), loadContext]);
        Assert.NotNull(create);
        Assert.True(create.IsStatic && create.IsPublic);
        Assert.Same(model, create.ReturnType);
        var ctor = model.GetConstructor(Declared, [typeof(IHostEnvironment), loadContext]);
        Assert.NotNull(ctor);
        Assert.True(ctor.IsPrivate);
    }

    [Fact]
    public void ModelLoadContext_has_CheckAtModel_Reader_FpMin_and_the_header_block_bounds()
    {
        var type = Type(Core, "Microsoft.ML.ModelLoadContext");
        var header = Type(Core, "Microsoft.ML.ModelHeader");
        Method(type, "CheckAtModel", typeof(void), Type(Core, "Microsoft.ML.VersionInfo"));
        Assert.Equal(typeof(BinaryReader), Field(type, "Reader").FieldType);
        Assert.Equal(typeof(long), Field(type, "FpMin").FieldType);
        Assert.Equal(header, Field(type, "Header").FieldType);
        Assert.Equal(typeof(long), Field(header, "FpModel").FieldType);
        Assert.Equal(typeof(long), Field(header, "CbModel").FieldType);

        // The offsets the version-check tests rewrite (ModelHeader is an explicit-layout struct).
        Assert.Equal(0x100, System.Runtime.InteropServices.Marshal.SizeOf(header));
        foreach (var (field, offset) in new[] { ("ModelSignature", 0x40), ("ModelVerWritten", 0x48), ("ModelVerReadable", 0x4C), ("LoaderSignature0", 0x50) })
            Assert.Equal(offset, (int)System.Runtime.InteropServices.Marshal.OffsetOf(header, field));
    }

    [Fact]
    public void ModelSaveContext_has_Writer_and_SetVersionInfo()
    {
        var type = Type(Core, "Microsoft.ML.ModelSaveContext");
        Assert.Equal(typeof(BinaryWriter), Field(type, "Writer").FieldType);
        Method(type, "SetVersionInfo", typeof(void), Type(Core, "Microsoft.ML.VersionInfo"));
        Assert.Contains(typeof(ICanSaveModel), typeof(PerceptronBinaryModelParameters).GetInterfaces());
    }

    [Fact]
    public void VersionInfo_constructor_keeps_its_parameter_order_and_names()
    {
        // Named arguments bind by position at compile time: two string parameters swapping places
        // (loaderAssemblyName, loaderSignature) would silently write the wrong header.
        var ctor = Type(Core, "Microsoft.ML.VersionInfo").GetConstructors(Declared).Single(c => !c.IsStatic);
        var parameters = ctor.GetParameters();
        Assert.Equal(
            ["modelSignature", "verWrittenCur", "verReadableCur", "verWeCanReadBack", "loaderAssemblyName", "loaderSignature", "loaderSignatureAlt"],
            parameters.Select(p => p.Name));
        Assert.Equal(
            [typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string)],
            parameters.Select(p => p.ParameterType));
    }

    // ----- Helpers -----

    private static Assembly LoadMlNet(string name)
    {
        // typeof(MLContext) forces Microsoft.ML.Data; Assembly.Load finds the others next to it.
        _ = typeof(MLContext);
        return Assembly.Load(new AssemblyName(name));
    }

    private static Type Type(Assembly assembly, string fullName)
    {
        var type = assembly.GetType(fullName);
        Assert.True(type is not null, $"{assembly.GetName().Name} has no type {fullName}");
        return type;
    }

    private static MethodInfo Method(Type type, string name, Type returnType, params Type[] parameters)
    {
        var method = type.GetMethods(Declared).SingleOrDefault(m =>
            m.Name == name && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters));
        Assert.True(method is not null, $"{type.FullName} has no method {name}({string.Join(", ", parameters.Select(p => p.Name))})");
        Assert.Equal(returnType, method.ReturnType);
        return method;
    }

    private static PropertyInfo Property(Type type, string name, Type propertyType)
    {
        var property = type.GetProperty(name, Declared);
        Assert.True(property is not null, $"{type.FullName} has no property {name}");
        Assert.Equal(propertyType, property.PropertyType);
        return property;
    }

    private static FieldInfo Field(Type type, string name)
    {
        var field = type.GetField(name, Declared);
        Assert.True(field is not null, $"{type.FullName} has no field {name}");
        return field;
    }

    private static bool PointsIntoMlNet(MetadataReader metadata, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => ScopeIsMlNet(metadata, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => GenericTypeOf(metadata, parent) is { } generic && ScopeIsMlNet(metadata, generic),
        _ => false,
    };

    /// <summary>The generic type of an instantiation: its blob starts GENERICINST, CLASS|VALUETYPE, then the type.</summary>
    private static TypeReferenceHandle? GenericTypeOf(MetadataReader metadata, EntityHandle typeSpec)
    {
        var blob = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)typeSpec).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
            return null;
        blob.ReadSignatureTypeCode();
        var generic = blob.ReadTypeHandle();
        return generic.Kind == HandleKind.TypeReference ? (TypeReferenceHandle)generic : null;
    }

    /// <summary>Finds a member by name and, for methods, parameter count on the open generic type.</summary>
    private static MemberInfo? ResolveOnOpenType(MetadataReader metadata, Module module, MemberReference reference)
    {
        if (reference.Parent.Kind != HandleKind.TypeSpecification || GenericTypeOf(metadata, reference.Parent) is not { } generic)
            return null;
        var open = module.ResolveType(MetadataTokens.GetToken(generic));
        string name = metadata.GetString(reference.Name);
        var signature = metadata.GetBlobReader(reference.Signature);
        var header = signature.ReadSignatureHeader();
        if (header.Kind == SignatureKind.Field)
            return open.GetField(name, Declared);
        if (header.IsGeneric)
            signature.ReadCompressedInteger();
        int parameterCount = signature.ReadCompressedInteger();
        return open.GetMember(name, Declared).OfType<MethodBase>().FirstOrDefault(m => m.GetParameters().Length == parameterCount);
    }

    private static bool ScopeIsMlNet(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var reference = metadata.GetTypeReference(handle);
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference) // nested types
            reference = metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
        return reference.ResolutionScope.Kind == HandleKind.AssemblyReference
            && MlNetAssemblyNames.Contains(metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name));
    }
}
